from . import complaint_compensation_refuse_wizard
from . import complaint_corrective_action_reopen_wizard
from . import complaint_report_wizard
from . import complaint_return_wizard
from . import complaint_transfer_wizard
from . import complaint_deadline_wizard
from . import complaint_supplier_claim_outcome_wizard
from . import complaint_first_contact_wizard
