from . import main
from . import portal
from . import public_form
