from . import helpdesk_ticket_category
from . import helpdesk_ticket_team
from . import res_company
from . import helpdesk_ticket
