"""The gettext catalogs, shipped as package data (see ``docs/translating.md``)."""
