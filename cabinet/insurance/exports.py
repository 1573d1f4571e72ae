"""I5: the columns of the portfolio's lists, as the pages show them and as they export to
CSV and XLSX (`cabinet.core.exports`)."""

from cabinet.core.exports import Column, Kind

CONTRACT_COLUMNS = (
    Column("client", "Client", lambda c: c.client.display_name),
    Column("number", "Contrat", lambda c: c.number),
    Column("insurer", "Assureur", lambda c: c.insurer.name),
    Column("product", "Produit", lambda c: c.product),
    Column("status", "Statut", lambda c: c.get_status_display()),
    Column("start_date", "Date d'effet", lambda c: c.start_date, Kind.DATE),
    Column("end_date", "Date de fin", lambda c: c.end_date, Kind.DATE),
    Column("annual_premium", "Prime annuelle", lambda c: c.annual_premium, Kind.MONEY),
)

RECEIPT_COLUMNS = (
    Column("client", "Client", lambda r: r.client.display_name),
    Column("contract", "Contrat", lambda r: r.contract.number),
    Column("number", "Quittance", lambda r: r.number),
    Column("period_start", "Période du", lambda r: r.period_start, Kind.DATE),
    Column("period_end", "au", lambda r: r.period_end, Kind.DATE),
    Column("due_date", "Échéance", lambda r: r.due_date, Kind.DATE),
    Column("accounting_date", "Date comptable", lambda r: r.accounting_date, Kind.DATE),
    Column("status", "Statut", lambda r: r.get_status_display()),
    Column("amount", "Montant TTC", lambda r: r.amount, Kind.MONEY),
)

CLAIM_COLUMNS = (
    Column("client", "Client", lambda c: c.client.display_name),
    Column("contract", "Contrat", lambda c: c.contract.number),
    Column("number", "Sinistre", lambda c: c.number),
    Column("loss_date", "Date du sinistre", lambda c: c.loss_date, Kind.DATE),
    Column("reported_date", "Déclaré le", lambda c: c.reported_date, Kind.DATE),
    Column("status", "Statut", lambda c: c.get_status_display()),
    Column("closed_date", "Clos le", lambda c: c.closed_date, Kind.DATE),
    Column("reserve_amount", "Réserve", lambda c: c.reserve_amount, Kind.MONEY),
    Column("paid_amount", "Payé", lambda c: c.paid_amount, Kind.MONEY),
)
