from . import complaint_compensation
from . import helpdesk_ticket
from . import loyalty_card
from . import loyalty_history
from . import res_company
from . import res_config_settings
