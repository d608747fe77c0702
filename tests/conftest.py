# Odoo logs an error when its test framework is imported outside test mode;
# pytest-odoo imports it before reading the config file, so say so first.
import odoo.tools

odoo.tools.config["test_enable"] = True
