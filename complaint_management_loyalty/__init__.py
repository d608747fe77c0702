from . import models


def uninstall_hook(env):
    """The cards stay with Loyalty: their history lines keep the complaint's
    name but no longer point at a compensation that is gone (the customer's
    card history would fail to show them)."""
    env["loyalty.history"].search(
        [("order_model", "=", "complaint.compensation")]
    ).write({"order_model": False, "order_id": False})
