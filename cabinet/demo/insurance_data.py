"""The raw material of the demo's insurance portfolio (I1–I3): insurers, products, reasons
for terminating and what claims are about.

The insurers are real French companies (the firm's list names them as a broker's does);
every product name, contract and receipt number is fictional.
"""

# (name, code, how its contract numbers look: a prefix and a count of digits)
INSURERS = (
    ("AXA France IARD", "AXA", "", 10),
    ("Allianz IARD", "ALZ", "ALZ ", 8),
    ("Generali IARD", "GEN", "AL", 9),
    ("MMA IARD", "MMA", "", 9),
    ("Groupama", "GPA", "GPA-", 8),
    ("MAAF Pro", "MAAF", "MP", 8),
    ("Hiscox", "HSX", "HA", 7),
    ("Swiss Life Prévoyance et Santé", "SWL", "SLP", 7),
)

MONTHLY, QUARTERLY, YEARLY = 1, 3, 12

# A product line: (key, fictional product names, annual premium range incl. tax in euros,
# months per receipt, tax share of the premium (taxe sur les conventions d'assurance),
# broker's commission on the premium excl. tax, insurer codes that write it).
LINES = {
    "multirisque": (
        ("Multirisque Entreprise Horizon", "Multirisque Pro Essentiel", "Pack Entreprise Sérénité"),
        (2_500, 18_000),
        QUARTERLY,
        "0.09",
        "0.15",
        ("AXA", "ALZ", "GEN", "MMA", "GPA", "MAAF"),
    ),
    "industrie": (
        ("Multirisque Industrielle Sécurité+", "Dommages aux biens industriels Atlas"),
        (12_000, 60_000),
        QUARTERLY,
        "0.09",
        "0.12",
        ("AXA", "ALZ", "GEN"),
    ),
    "immeuble": (
        ("Multirisque Immeuble Patrimoine", "Propriétaire non occupant Clé d'Or"),
        (900, 6_000),
        QUARTERLY,
        "0.09",
        "0.15",
        ("AXA", "MMA", "GEN", "ALZ"),
    ),
    "flotte": (
        ("Flotte Automobile Pro Route", "Flotte Véhicules Utilitaires Convoi"),
        (9_000, 55_000),
        MONTHLY,
        "0.18",
        "0.10",
        ("AXA", "ALZ", "MMA", "GPA"),
    ),
    "marchandises": (
        ("Marchandises Transportées Trajectoire",),
        (3_000, 15_000),
        QUARTERLY,
        "0.09",
        "0.15",
        ("ALZ", "GEN", "HSX"),
    ),
    "rc": (
        ("RC Générale Entreprise Bouclier", "RC Professionnelle Garantie+", "RC Pro Libérale"),
        (1_200, 12_000),
        QUARTERLY,
        "0.09",
        "0.15",
        ("AXA", "ALZ", "HSX", "MMA", "MAAF"),
    ),
    "rc_medicale": (
        ("RC Médicale Établissements Hippocrate", "RC Professionnelle Santé Praticiens"),
        (8_000, 45_000),
        QUARTERLY,
        "0.09",
        "0.10",
        ("ALZ", "HSX", "GEN"),
    ),
    "decennale": (
        ("Décennale Bâtiment Fondations", "RC Décennale Artisans Pierre"),
        (6_000, 30_000),
        QUARTERLY,
        "0.09",
        "0.12",
        ("AXA", "MMA", "MAAF", "GPA"),
    ),
    "trc": (
        ("Tous Risques Chantier Opération", "Dommages-Ouvrage Chantier"),
        (4_000, 20_000),
        QUARTERLY,
        "0.09",
        "0.10",
        ("AXA", "ALZ", "GEN"),
    ),
    "dirigeants": (
        ("RC des Dirigeants Gouvernance", "D&O Mandataires Sociaux"),
        (2_500, 12_000),
        YEARLY,
        "0.09",
        "0.15",
        ("HSX", "ALZ", "AXA"),
    ),
    "cyber": (
        ("Cyber Risques Pare-Feu", "Cyber Protection Entreprise"),
        (2_000, 9_000),
        QUARTERLY,
        "0.09",
        "0.15",
        ("HSX", "AXA"),
    ),
    "agricole": (
        ("Multirisque Exploitation Viticole Terroir", "Récoltes et Grêle Vendanges"),
        (3_000, 16_000),
        QUARTERLY,
        "0.09",
        "0.12",
        ("GPA", "GEN"),
    ),
    "prevoyance": (
        ("Prévoyance Collective Cadres Rempart", "Prévoyance Collective Ensemble"),
        (5_000, 40_000),
        QUARTERLY,
        "0.00",
        "0.06",
        ("SWL", "AXA", "GEN", "GPA"),
    ),
    "sante": (
        ("Santé Collective Équilibre", "Complémentaire Santé Entreprise Vitalis"),
        (8_000, 70_000),
        MONTHLY,
        "0.1327",
        "0.08",
        ("SWL", "ALZ", "GPA", "MMA"),
    ),
    # Persons.
    "habitation": (
        ("Multirisque Habitation Foyer", "Habitation Confort"),
        (220, 950),
        YEARLY,
        "0.09",
        "0.15",
        ("AXA", "MMA", "GPA", "ALZ", "MAAF"),
    ),
    "auto": (
        ("Automobile Tous Risques Boussole", "Auto Tiers Étendu Itinéraire"),
        (450, 1_500),
        QUARTERLY,
        "0.18",
        "0.10",
        ("AXA", "MMA", "GPA", "ALZ", "MAAF"),
    ),
    "sante_individuelle": (
        ("Santé Individuelle Harmonie", "Complémentaire Santé Senior Plénitude"),
        (800, 2_600),
        MONTHLY,
        "0.1327",
        "0.10",
        ("SWL", "GPA", "ALZ"),
    ),
    "protection_juridique": (
        ("Protection Juridique Vie Privée Équité",),
        (90, 280),
        YEARLY,
        "0.09",
        "0.20",
        ("ALZ", "MMA", "GEN"),
    ),
}

# What a company gets, by a word of its name (the first that matches; None: any company).
COMPANY_LINES = (
    (("SCI ",), ("immeuble",), ("rc",)),
    (
        ("Transports", "Logistique", "Froid", "Garage", "Ambulances"),
        ("flotte", "multirisque"),
        ("marchandises", "prevoyance", "sante"),
    ),
    (
        ("Construction", "Charpente", "Couverture", "Bâtiment", "Promotion"),
        ("decennale", "multirisque"),
        ("trc", "flotte", "prevoyance"),
    ),
    (
        ("Clinique", "Imagerie", "Laboratoire", "Biologie"),
        ("rc_medicale", "multirisque"),
        ("prevoyance", "sante", "cyber"),
    ),
    (
        ("Participations", "Holding", "Patrimoine"),
        ("dirigeants",),
        ("cyber", "prevoyance"),
    ),
    (("Château", "SCEA"), ("agricole",), ("rc", "flotte")),
    (
        ("Métallurgie", "Fonderies", "Industrielle", "Emballages", "Cartonneries", "Fromageries"),
        ("industrie", "rc"),
        ("flotte", "prevoyance", "sante"),
    ),
    (None, ("multirisque", "rc"), ("flotte", "prevoyance", "sante", "cyber")),
)
PERSON_LINES = (("habitation", "auto"), ("sante_individuelle", "protection_juridique"))

# Why a contract was terminated: at its anniversary, or during a period (the unused part
# of the paid premium is refunded: a «ristourne»).
TERMINATED_AT_ANNIVERSARY = (
    "Résiliation à l'échéance annuelle à la demande de l'assuré",
    "Résiliation à l'échéance par l'assureur",
    "Remplacé par un contrat souscrit au niveau du groupe",
)
TERMINATED_DURING_PERIOD = (
    "Cession du fonds de commerce",
    "Cessation d'activité de l'établissement",
    "Vente des véhicules assurés",
    "Résiliation infra-annuelle (loi Hamon)",
)
EXPIRED = "Arrivée du terme : chantier réceptionné"

# What a claim is about, by product line (a default for the others).
CLAIMS = {
    "multirisque": (
        "Dégât des eaux dans les locaux (rupture de canalisation)",
        "Vol par effraction : matériel informatique et caisse",
        "Incendie d'origine électrique dans l'atelier",
        "Bris de glace de la vitrine",
    ),
    "industrie": (
        "Bris de machine : presse hydraulique de la ligne 2",
        "Incendie d'un entrepôt de stockage",
        "Perte d'exploitation après coupure d'alimentation",
    ),
    "immeuble": (
        "Dégât des eaux chez un locataire du 3e étage",
        "Infiltrations en toiture après une tempête",
    ),
    "flotte": (
        "Collision d'un poids lourd sur l'autoroute",
        "Accrochage d'un véhicule utilitaire en livraison",
        "Vol d'un véhicule de service",
        "Bris de pare-brise",
    ),
    "marchandises": ("Marchandises endommagées lors d'une rupture de la chaîne du froid",),
    "rc": (
        "Réclamation d'un client pour un préjudice matériel",
        "Chute d'un visiteur dans les locaux",
    ),
    "rc_medicale": ("Mise en cause de l'établissement après une infection nosocomiale",),
    "decennale": (
        "Fissures sur un ouvrage réceptionné",
        "Défaut d'étanchéité d'une toiture-terrasse",
    ),
    "trc": ("Effondrement partiel d'un mur en cours de chantier",),
    "dirigeants": ("Mise en cause d'un dirigeant par un associé minoritaire",),
    "cyber": ("Rançongiciel : chiffrement des serveurs de gestion",),
    "agricole": ("Grêle sur les parcelles avant les vendanges", "Gel de printemps sur les vignes"),
    "habitation": ("Dégât des eaux venant de l'appartement du dessus", "Cambriolage du domicile"),
    "auto": ("Accrochage en stationnement", "Bris de glace"),
    None: ("Sinistre déclaré par l'assuré",),
}
