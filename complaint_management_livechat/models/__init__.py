from . import chatbot_script_step
from . import discuss_channel
from . import helpdesk_ticket
