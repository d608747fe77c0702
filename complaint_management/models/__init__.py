from . import helpdesk_ticket_category
from . import helpdesk_ticket_team
from . import res_company
from . import res_config_settings
from . import res_partner
from . import complaint_approval_limit
from . import helpdesk_ticket
from . import complaint_compensation
