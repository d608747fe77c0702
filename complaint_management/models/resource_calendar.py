# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import models, tools


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def write(self, vals):
        self.env.registry.clear_cache()  # _get_complaint_working_days
        return super().write(vals)

    @tools.ormcache("self.id", "tz_name", "first_day", "count")
    def _get_complaint_working_days(self, tz_name, first_day, count):
        """The first ``count`` working days from ``first_day`` on, within a
        window of twice as many calendar days and a month of holidays.

        Every registration asks this of its company's calendar for the same
        day: kept in the registry's cache, cleared when a calendar, its
        working hours or its time off change."""
        self.ensure_one()
        tz = pytz.timezone(tz_name)
        start = tz.localize(datetime.combine(first_day, time.min))
        stop = start + timedelta(days=2 * count + 31)
        intervals = self._work_intervals_batch(start, stop, compute_leaves=True)
        days = {begin.astimezone(tz).date() for begin, _end, _meta in intervals[False]}
        return tuple(sorted(days)[:count])
