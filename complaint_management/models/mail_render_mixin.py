# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import OrderedDict

from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.tools import safe_eval

# compiled QWeb bodies of mail templates, by (database, source, model, options)
COMPILED_CACHE_SIZE = 64
_compiled = OrderedDict()
_unsafe = OrderedDict()


def _cached(cache, key, compute):
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    value = cache[key] = compute()
    if len(cache) > COMPILED_CACHE_SIZE:
        cache.popitem(last=False)
    return value


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    @api.model
    def _has_unsafe_expression_template_qweb(self, template_src, model):
        """Asked at each rendering: the answer for a source and a model does
        not change, it is kept with the compiled source (below)."""
        if not self.env.context.get("complaint_qweb_cache"):
            return super()._has_unsafe_expression_template_qweb(template_src, model)
        return _cached(
            _unsafe,
            (self.env.cr.dbname, template_src, model),
            lambda: super(MailRenderMixin, self)._has_unsafe_expression_template_qweb(
                template_src, model
            ),
        )

    @api.model
    def _render_template_qweb(
        self, template_src, model, res_ids, add_context=None, options=None
    ):
        """With ``complaint_qweb_cache`` in the context (the complaint's own
        messages, see helpdesk.ticket._complaint_post_template), a template's
        body is compiled once per process and source, not once per message:
        Odoo compiles an inline QWeb body (twice) for each record it renders.
        The source is part of the key, so a template edited or translated in
        Email Templates is compiled anew. Rendering is Odoo's own
        (ir.qweb._render's steps), as are the unsafe-expression checks."""
        if (
            not self.env.context.get("complaint_qweb_cache")
            or not template_src
            or not res_ids
            or add_context
            or not self._has_unsafe_expression_template_qweb(template_src, model)
        ):
            return super()._render_template_qweb(
                template_src, model, res_ids, add_context=add_context, options=options
            )
        is_restricted = (
            not self._unrestricted_rendering
            and not self.env.is_admin()
            and not self.env.user.has_group("mail.group_mail_template_editor")
        )
        if is_restricted:
            # Odoo's path raises the access error a restricted user must get
            return super()._render_template_qweb(
                template_src, model, res_ids, add_context=add_context, options=options
            )
        options = dict(options or {})
        variables = self._render_eval_context()
        results = {}
        for record in self.env[model].browse(res_ids):
            values = dict(variables, object=record)
            qweb = (
                self.env["ir.qweb"].with_context(**options)._prepare_environment(values)
            )
            safe_eval.check_values(values)
            functions, def_name = _cached(
                _compiled,
                (
                    self.env.cr.dbname,
                    template_src,
                    model,
                    tuple(sorted(options.items())),
                ),
                lambda qweb=qweb: qweb._compile(
                    html.fragment_fromstring(template_src, create_parent="div")
                ),
            )
            rendered = Markup("".join(functions[def_name](qweb, values)))
            # without the <div> wrapping the fragment, as Odoo does
            results[record.id] = rendered[5:-6]
        return results
