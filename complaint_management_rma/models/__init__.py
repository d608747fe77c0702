from . import complaint_compensation
from . import helpdesk_ticket
from . import product_category
from . import rma
from . import complaint_supplier_claim
