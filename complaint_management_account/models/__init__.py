from . import account_move
from . import complaint_compensation
from . import helpdesk_ticket
from . import res_company
from . import res_config_settings
from . import complaint_supplier_claim
