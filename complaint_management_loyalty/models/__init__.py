from . import complaint_compensation
from . import loyalty_history
from . import res_company
from . import res_config_settings
