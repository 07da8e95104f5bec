"""The only code that talks to the database (SQLAlchemy): tables, transactions, queries."""
