from . import helpdesk_ticket
from . import sale_order
