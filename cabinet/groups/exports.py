"""I5: the columns of the group's «Contacts» view (G10), as its page shows them and as it
exports to CSV and XLSX (`cabinet.core.exports`)."""

from cabinet.core.exports import Column, Kind

CONTACT_COLUMNS = (
    Column("client", "Client", lambda c: c.client.display_name),
    Column("client_number", "N° client", lambda c: c.client.number),
    Column("last_name", "Nom", lambda c: c.last_name),
    Column("first_name", "Prénom", lambda c: c.first_name),
    Column("role", "Fonction", lambda c: c.role),
    Column("email", "Email", lambda c: c.email),
    Column("phone", "Téléphone", lambda c: c.phone),
    Column("valid_from", "Du", lambda c: c.valid_from, Kind.DATE),
    Column("valid_to", "Au", lambda c: c.valid_to, Kind.DATE),
    Column(
        "is_group_contact", "Contact pour le groupe", lambda c: "Oui" if c.is_group_contact else ""
    ),
)
