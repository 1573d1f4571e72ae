"""The words of the demo's matters and activities: types, subjects, tasks, expenses, fees.

Amounts are in euros excl. tax. Disbursements («débours»: court fees, bailiff's costs,
stamps) carry no VAT; everything else 20 %.
"""

COMMERCIAL = "Contentieux commercial"
SOCIAL = "Droit social"
LEASE = "Bail commercial"
ADVICE = "Conseil"
FAMILY = "Droit de la famille"
COLLECTION = "Recouvrement"
INSURANCE = "Droit des assurances"
ESTATE = "Succession"
CORPORATE = "Droit des sociétés"
PROPERTY = "Droit immobilier"
CONSUMER = "Droit de la consommation"

COMMERCIAL_SUBJECTS = (
    "Rupture brutale de relations commerciales établies (art. L. 442-1 du code de commerce).",
    "Factures impayées malgré plusieurs relances ; assignation en paiement.",
    "Concurrence déloyale et dénigrement auprès de la clientèle.",
    "Vices cachés affectant le matériel livré ; demande de résolution de la vente.",
    "Inexécution d'un contrat de prestation de services informatiques.",
    "Retard de livraison et application des pénalités contractuelles.",
)
# (title, description)
ADVICE_SUBJECTS = (
    ("Pacte d'associés", "Rédaction d'un pacte d'associés avant l'entrée d'un investisseur."),
    (
        "Conditions générales de vente",
        "Refonte des conditions générales de vente et des délais de paiement.",
    ),
    ("Mise en conformité RGPD", "Registre des traitements, mentions d'information, contrats."),
    ("Transmission de l'entreprise", "Cession progressive des parts aux enfants du dirigeant."),
    ("Contrat de distribution", "Négociation d'un contrat de distribution exclusive."),
)
LEASE_SUBJECTS = (
    ("Renouvellement du bail", "Congé avec offre de renouvellement et fixation du loyer."),
    ("Révision triennale du loyer", "Demande de révision du loyer selon l'indice ILC."),
    (
        "Congé avec refus de renouvellement",
        "Refus de renouvellement et calcul de l'indemnité d'éviction.",
    ),
    (
        "Loyers impayés",
        "Commandement de payer visant la clause résolutoire ; référé expulsion.",
    ),
)
EMPLOYER_SUBJECTS = (
    ("licenciement pour faute grave", "Défense de l'employeur devant le conseil de prud'hommes."),
    ("inaptitude et reclassement", "Procédure d'inaptitude et recherche de reclassement."),
)
EMPLOYEE_SUBJECTS = (
    ("licenciement sans cause réelle et sérieuse", "Contestation du licenciement notifié."),
    ("rappel d'heures supplémentaires", "Demande de rappel de salaires sur trois ans."),
)
INSURANCE_SUBJECTS = (
    ("Incendie de l'entrepôt", "Refus de garantie opposé par l'assureur après l'incendie."),
    ("Perte d'exploitation", "Contestation de l'indemnité proposée au titre des pertes."),
)
CONSUMER_SUBJECTS = (
    "Travaux de rénovation mal exécutés ; demande de reprise des désordres.",
    "Véhicule d'occasion affecté d'un vice caché.",
)
# (title, type, description, with an adverse party)
GROUP_SUBJECTS = (
    (
        "audit du programme d'assurances",
        ADVICE,
        "Revue des polices du groupe (dommages, responsabilité civile, flotte automobile).",
        False,
    ),
    (
        "réorganisation juridique",
        CORPORATE,
        "Fusion-absorption de filiales et simplification de l'organigramme.",
        False,
    ),
    (
        "litige avec un fournisseur commun",
        COMMERCIAL,
        "Non-conformité des livraisons faites à plusieurs sociétés du groupe.",
        True,
    ),
    (
        "cession d'une filiale",
        CORPORATE,
        "Garantie d'actif et de passif, audit préalable, acte de cession.",
        False,
    ),
)

COMMON_TASKS = (
    "Rendez-vous avec le client",
    "Conférence téléphonique avec le client",
    "Analyse du dossier et des pièces communiquées",
    "Correspondance avec le confrère",
    "Recherches juridiques et jurisprudentielles",
    "Compte rendu au client",
)
TASKS = {
    COMMERCIAL: (
        "Rédaction de l'assignation",
        "Rédaction des conclusions en réponse",
        "Analyse des conclusions adverses",
        "Préparation de l'audience de plaidoirie",
        "Plaidoirie devant le tribunal des activités économiques",
        "Audience de mise en état",
        "Constitution du bordereau de pièces",
    ),
    SOCIAL: (
        "Préparation de l'audience de conciliation",
        "Audience devant le conseil de prud'hommes",
        "Analyse du contrat de travail et des bulletins de paie",
        "Rédaction des conclusions prud'homales",
        "Rédaction du protocole transactionnel",
    ),
    LEASE: (
        "Analyse du bail et de ses avenants",
        "Rédaction du congé",
        "Calcul du loyer révisé (indice ILC)",
        "Rédaction du mémoire préalable",
        "Visite des locaux",
    ),
    ADVICE: (
        "Note de synthèse au client",
        "Audit des contrats",
        "Réunion avec l'expert-comptable",
        "Rédaction de la consultation",
    ),
    CORPORATE: (
        "Revue des statuts",
        "Rédaction du procès-verbal d'assemblée",
        "Rédaction du traité de fusion",
        "Rédaction de l'acte de cession",
        "Audit juridique préalable",
    ),
    FAMILY: (
        "Rédaction de la convention de divorce",
        "Audience d'orientation devant le juge aux affaires familiales",
        "Calcul de la prestation compensatoire",
        "Inventaire du patrimoine du couple",
    ),
    ESTATE: (
        "Rendez-vous avec les héritiers",
        "Échanges avec l'étude notariale",
        "Analyse de l'acte de notoriété",
        "Projet d'état liquidatif",
    ),
    COLLECTION: (
        "Rédaction de la mise en demeure",
        "Requête en injonction de payer",
        "Suivi de l'exécution avec le commissaire de justice",
    ),
    INSURANCE: (
        "Analyse de la police et des conditions générales",
        "Réunion d'expertise contradictoire",
        "Réclamation à l'assureur",
        "Analyse du rapport d'expertise",
    ),
    PROPERTY: (
        "Analyse du titre de propriété",
        "Échanges avec le notaire",
        "Rédaction de la convention d'indivision",
        "Rédaction du compromis de vente",
    ),
    CONSUMER: (
        "Rédaction de la mise en demeure",
        "Saisine du médiateur de la consommation",
        "Rédaction de la déclaration au greffe",
    ),
}
# Durations of a time entry, in hours, the short ones the most frequent.
HOURS = ("0.25", "0.50", "0.75", "1.00", "1.25", "1.50", "2.00", "2.50", "3.00", "4.00", "6.00")
HOURS_WEIGHTS = (8, 14, 8, 14, 6, 10, 10, 5, 5, 3, 2)

# (description, lowest amount, highest amount, VAT rate)
EXPENSES = (
    ("Frais de greffe", 30, 90, "0.00"),
    ("Droit de plaidoirie", 13, 13, "0.00"),
    ("Signification par commissaire de justice", 40, 180, "0.00"),
    ("Timbre fiscal", 50, 50, "0.00"),
    ("Extrait Kbis et état des inscriptions", 5, 45, "0.00"),
    ("Consignation des frais d'expertise", 1_500, 3_000, "0.00"),
    ("Frais de déplacement", 35, 250, "20.00"),
    ("Frais de copie et d'envoi", 10, 60, "20.00"),
    ("Frais de traduction", 150, 600, "20.00"),
    ("Publication d'une annonce légale", 140, 260, "20.00"),
)
EXPENSE_WEIGHTS = (12, 8, 10, 4, 4, 1, 12, 12, 3, 3)

# Flat fees (description, lowest, highest), by matter type.
FEES = {
    COMMERCIAL: ("Forfait procédure de référé", 1_500, 3_000),
    SOCIAL: ("Forfait assistance à l'entretien préalable", 500, 1_200),
    LEASE: ("Forfait renouvellement du bail commercial", 1_200, 2_500),
    ADVICE: ("Forfait consultation écrite", 600, 1_500),
    CORPORATE: ("Forfait rédaction des actes", 1_500, 4_000),
    FAMILY: ("Forfait divorce par consentement mutuel", 1_800, 3_000),
    ESTATE: ("Forfait règlement de succession", 2_000, 4_500),
    COLLECTION: ("Forfait injonction de payer", 350, 700),
    INSURANCE: ("Forfait assistance à expertise", 900, 1_800),
    PROPERTY: ("Forfait convention d'indivision", 1_000, 2_000),
    CONSUMER: ("Forfait médiation de la consommation", 300, 600),
}
OPENING_FEE = ("Frais d'ouverture de dossier", 80, 200)

# Known companies that insure, lend or are in the public sector: other parties, adverse
# parties of insurance matters.
INSURERS = (
    "Caisse Mutuelle d'Assurance Agricole",
    "Assurances Mutuelles du Limousin",
    "Mutuelle Nationale des Professions Libérales",
)
BANKS = ("Banque Régionale du Sud-Ouest",)
