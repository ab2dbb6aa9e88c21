"""The warehouse's rules. Pure: stdlib, biip and the project's i18n only."""
