"""The raw material of the demo firm: French names, towns, streets and companies.

Everything is fictional except the SNCF example of the specification (C2). E-mail
addresses use demo domains and telephone numbers the ranges ARCEP reserves for fiction
(01 99 00 …, 02 61 91 …, 03 53 01 …, 04 65 71 …, 05 36 49 …, 06 39 98 …), so that no
real person is ever reached from the demo.
"""


def _words(text: str) -> tuple[str, ...]:
    """«Marie, Camille,\n Léa» → ("Marie", "Camille", "Léa")."""
    return tuple(word.strip() for word in text.replace("\n", " ").split(",") if word.strip())


# The demo staff: username, password, profile code, first name, last name.
# The passwords pass Django's password validators; the README lists them.
DEMO_USERS = (
    ("admin", "cabinet-admin", "admin", "Claire", "Lemaire"),
    ("associe", "cabinet-associe", "partner", "Hélène", "Vasseur"),
    ("collaborateur", "cabinet-collab", "associate", "Julien", "Morvan"),
    ("assistant", "cabinet-assistant", "assistant", "Sophie", "Carrel"),
)

# The client whose presence means the demo is loaded, and its «Liaison» values (C2).
SNCF_NAME = "Société Nationale des Chemins de Fer"
SNCF_ALIASES = ("SNCF", "Chemins de fer français")

# (legal name, «Liaison» values, town)
KNOWN_COMPANIES = (
    (SNCF_NAME, SNCF_ALIASES, "Saint-Denis"),
    ("Compagnie Générale des Eaux de Provence", ("CGEP", "Eaux de Provence"), "Marseille"),
    ("Société Anonyme des Transports Lyonnais", ("SATL", "Transports Lyonnais"), "Lyon"),
    ("Caisse Mutuelle d'Assurance Agricole", ("CMAA", "Mutuelle Agricole"), "Reims"),
    ("Laboratoires Pharmaceutiques Réunis", ("LPR", "Labo Réunis"), "Lyon"),
    ("Compagnie Industrielle du Nord", ("CIN", "Industrielle du Nord"), "Lille"),
    ("Groupement Hospitalier de l'Ouest", ("GHO",), "Nantes"),
    ("Union des Coopératives Viticoles de Bourgogne", ("UCVB", "Vins de Bourgogne"), "Dijon"),
    ("Office Public de l'Habitat de Gironde", ("OPH Gironde", "Gironde Habitat"), "Bordeaux"),
    ("Société Française de Construction Navale", ("SFCN", "Chantiers Navals du Ponant"), "Brest"),
    ("Banque Régionale du Sud-Ouest", ("BRSO",), "Toulouse"),
    ("Régie Métropolitaine des Eaux et de l'Assainissement", ("RMEA",), "Grenoble"),
    (
        "Société d'Exploitation des Autoroutes du Centre",
        ("SEAC", "Autoroutes du Centre"),
        "Orléans",
    ),
    ("Compagnie Aérienne Transalpine", ("CAT", "Air Transalpine"), "Nice"),
    ("Institut National de Recherche Agronomique Appliquée", ("INRAA",), "Montpellier"),
    ("Fédération Française des Artisans du Bâtiment", ("FFAB",), "Paris"),
    ("Société Alsacienne de Brasserie", ("SAB", "Brasseries d'Alsace"), "Strasbourg"),
    ("Manufacture Normande de Porcelaine", ("MNP", "Porcelaine de Rouen"), "Rouen"),
    ("Électricité et Gaz du Grand Est", ("EGGE",), "Metz"),
    ("Mutuelle Nationale des Professions Libérales", ("MNPL",), "Paris"),
    ("Centre Hospitalier Universitaire de Clermont", ("CHU Clermont",), "Clermont-Ferrand"),
    ("Transports Routiers Bretons", ("TRB", "Groupe Le Goff Transports"), "Rennes"),
    ("Assurances Mutuelles du Limousin", ("AML",), "Limoges"),
    ("Société des Téléphériques de Savoie", ("STS", "Téléphériques d'Annecy"), "Annecy"),
    ("Coopérative Laitière de Normandie", ("CLN", "Laiterie du Bocage"), "Caen"),
)

# (town, postal code, telephone prefix of the ARCEP fiction range of its region)
TOWNS = (
    ("Paris", "75008", "01 99 00"),
    ("Paris", "75011", "01 99 00"),
    ("Paris", "75016", "01 99 00"),
    ("Boulogne-Billancourt", "92100", "01 99 00"),
    ("Nanterre", "92000", "01 99 00"),
    ("Saint-Denis", "93200", "01 99 00"),
    ("Versailles", "78000", "01 99 00"),
    ("Nantes", "44000", "02 61 91"),
    ("Rennes", "35000", "02 61 91"),
    ("Brest", "29200", "02 61 91"),
    ("Rouen", "76000", "02 61 91"),
    ("Caen", "14000", "02 61 91"),
    ("Tours", "37000", "02 61 91"),
    ("Orléans", "45000", "02 61 91"),
    ("Angers", "49000", "02 61 91"),
    ("Le Mans", "72000", "02 61 91"),
    ("Lille", "59000", "03 53 01"),
    ("Strasbourg", "67000", "03 53 01"),
    ("Reims", "51100", "03 53 01"),
    ("Metz", "57000", "03 53 01"),
    ("Nancy", "54000", "03 53 01"),
    ("Dijon", "21000", "03 53 01"),
    ("Besançon", "25000", "03 53 01"),
    ("Lyon", "69002", "04 65 71"),
    ("Lyon", "69006", "04 65 71"),
    ("Marseille", "13001", "04 65 71"),
    ("Marseille", "13008", "04 65 71"),
    ("Aix-en-Provence", "13100", "04 65 71"),
    ("Nice", "06000", "04 65 71"),
    ("Montpellier", "34000", "04 65 71"),
    ("Grenoble", "38000", "04 65 71"),
    ("Annecy", "74000", "04 65 71"),
    ("Avignon", "84000", "04 65 71"),
    ("Clermont-Ferrand", "63000", "04 65 71"),
    ("Bordeaux", "33000", "05 36 49"),
    ("Toulouse", "31000", "05 36 49"),
    ("Limoges", "87000", "05 36 49"),
    ("Poitiers", "86000", "05 36 49"),
    ("La Rochelle", "17000", "05 36 49"),
    ("Pau", "64000", "05 36 49"),
)
MOBILE_PREFIX = "06 39 98"

STREETS = (
    "rue de la République",
    "avenue Jean Jaurès",
    "boulevard Victor Hugo",
    "rue Pasteur",
    "place de la Mairie",
    "rue du Faubourg Saint-Honoré",
    "rue des Lilas",
    "chemin des Vignes",
    "allée des Tilleuls",
    "quai des Chartrons",
    "cours Mirabeau",
    "rue Nationale",
    "impasse du Moulin",
    "rue de la Paix",
    "avenue de la Gare",
    "rue Gambetta",
    "boulevard de la Liberté",
    "rue du Général Leclerc",
    "avenue Foch",
    "rue Émile Zola",
    "rue des Écoles",
    "place du Marché",
    "rue Sainte-Catherine",
    "avenue des Champs",
    "rue de l'Église",
    "route de Lyon",
    "rue Voltaire",
    "boulevard Carnot",
    "rue du Château",
    "quai de la Loire",
)

FIRST_NAMES_F = _words(
    """
    Marie, Camille, Léa, Chloé, Manon, Inès, Sarah, Julie, Laura, Anaïs, Émilie, Céline,
    Nathalie, Isabelle, Sandrine, Valérie, Sophie, Christine, Catherine, Françoise, Monique,
    Élodie, Aurélie, Mathilde, Pauline, Agathe, Hélène, Margaux, Juliette, Béatrice,
    Geneviève, Odile, Solène, Maëlle
    """
)
FIRST_NAMES_M = _words(
    """
    Jean, Pierre, Michel, Philippe, Alain, Nicolas, Thomas, Julien, Antoine, Sébastien,
    Laurent, François, Éric, Olivier, Christophe, Frédéric, David, Stéphane, Mathieu,
    Guillaume, Hugo, Lucas, Louis, Gabriel, Arthur, Raphaël, Benoît, Jérôme, Yves, Bernard,
    Gérard, Hervé, Loïc, Yannick
    """
)
LAST_NAMES = _words(
    """
    Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon,
    Laurent, Lefèvre, Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier, Morel,
    Girard, André, Lefebvre, Mercier, Dupont, Lambert, Bonnet, François, Martinez, Legrand,
    Garnier, Faure, Rousseau, Blanc, Guérin, Muller, Henry, Roussel, Nicolas, Perrin, Morin,
    Mathieu, Clément, Gauthier, Dumont, Lopez, Fontaine, Chevalier, Robin, Masson, Sanchez,
    Gérard, Nguyen, Boyer, Denis, Lemaire, Duval, Joly, Gautier, Roger, Roche, Roy, Noël,
    Meyer, Lucas, Meunier, Jean, Perez, Marchand, Dufour, Blanchard, Marie, Barbier, Brun,
    Dumas, Brunet, Schmitt, Leroux, Colin, Fernandez, Pierre, Renard, Arnaud, Rolland, Caron,
    Aubert, Giraud, Leclerc, Vidal, Bourgeois, Renaud, Lemoine, Picard, Gaillard, Philippe,
    Leclercq, Lacroix, Fabre, Dupuis, Olivier, Rodriguez, Da Silva, Hubert, Louis, Charles,
    Guillot, Rivière, Le Gall, Guillaume, Adam, Rey, Moulin, Gonzalez, Berger, Lecomte,
    Ménard, Fleury, Deschamps, Carpentier, Julien, Benoît, Paris, Maillard, Marchal, Aubry,
    Vasseur, Le Roux, Renault, Jacquet, Collet, Prévost, Poirier, Charpentier, Royer, Huet,
    Baron, Dupuy, Pons, Paul, Laine, Carré, Breton, Rémy, Schneider, Perrot, Guyot, Barre,
    Marty, Cousin, Le Goff, Kerbrat, Etcheverry, Bouvier, Savary, Tessier
    """
)

# Generated companies: a legal form, a trade, a proper name or a place.
LEGAL_FORMS = ("SARL", "SAS", "SA", "SCI", "EURL", "SNC", "SASU", "SELARL")
# (trade, its adjective in «Société …», a shop sign it may trade under)
TRADES = (
    ("Boulangerie", "Boulangère", "Le Fournil"),
    ("Transports", "de Transports", "Express"),
    ("Garage", "Automobile", "Garage de la Gare"),
    ("Pharmacie", "Pharmaceutique", "Pharmacie du Marché"),
    ("Menuiserie", "de Menuiserie", "L'Atelier du Bois"),
    ("Imprimerie", "d'Imprimerie", "Imprim'Express"),
    ("Cabinet d'architecture", "d'Architecture", "Atelier d'Architecture"),
    ("Plomberie", "de Plomberie", "Allô Plombier"),
    ("Électricité", "d'Électricité", "Élec Services"),
    ("Restaurant", "de Restauration", "Le Petit Zinc"),
    ("Hôtel", "Hôtelière", "Hôtel de la Poste"),
    ("Librairie", "de Librairie", "La Plume"),
    ("Vignobles", "Viticole", "Château des Grives"),
    ("Fromagerie", "Fromagère", "La Cave à Fromages"),
    ("Informatique", "Informatique", "Info Services"),
    ("Travaux publics", "de Travaux Publics", "TP Services"),
    ("Conseil", "de Conseil", "Stratégie & Conseil"),
    ("Immobilier", "Immobilière", "L'Agence"),
    ("Textile", "Textile", "La Filature"),
    ("Chocolaterie", "Chocolatière", "Les Délices"),
)
# Names of buildings held by an SCI, and places in a company's name.
RESIDENCES = _words(
    """
    Les Tilleuls, Le Clos Fleuri, Les Marronniers, Les Glycines, Saint-Michel, Le Parc,
    Les Remparts, Le Belvédère, Les Acacias, Le Moulin
    """
)
PLACES = _words(
    """
    du Port, des Trois Rivières, du Val de Loire, de la Côte d'Argent, des Alpes,
    du Vieux Moulin, du Lac, de l'Étoile, du Littoral, des Coteaux
    """
)

# (masculine, feminine) titles of a company's contacts, and of a person's.
COMPANY_ROLES = (
    ("Directeur juridique", "Directrice juridique"),
    ("Directeur financier", "Directrice financière"),
    ("Responsable des assurances", "Responsable des assurances"),
    ("Gérant", "Gérante"),
    ("Président", "Présidente"),
    ("Comptable", "Comptable"),
    ("Assistant de direction", "Assistante de direction"),
    ("Directeur des ressources humaines", "Directrice des ressources humaines"),
    ("Secrétaire général", "Secrétaire générale"),
    ("Responsable des achats", "Responsable des achats"),
    ("Juriste", "Juriste"),
)
PERSON_CONTACT_ROLES = (
    ("Conjoint", "Conjointe"),
    ("Notaire", "Notaire"),
    ("Expert-comptable", "Experte-comptable"),
    ("Tuteur", "Tutrice"),
    ("Conseiller en patrimoine", "Conseillère en patrimoine"),
)

PERSON_MAILBOXES = ("exemple.fr", "exemple.com", "courriel-demo.fr")
COMPANY_MAIL_SUFFIX = "exemple.fr"

# Default hourly rates (excl. tax) of the demo staff's time entries (A1).
DEMO_HOURLY_RATES = {
    "admin": "320.00",
    "associe": "350.00",
    "collaborateur": "220.00",
    "assistant": "90.00",
}

# -- connexities (R1–R10) ------------------------------------------------------------------

# The configurable list of relation labels (R3): every label the demo uses, and the other
# common ones a French firm types.
CONNEXITY_LABELS = _words(
    """
    père de, mère de, fils de, fille de, époux de, épouse de, frère de, sœur de,
    grand-père de, grand-mère de, petit-fils de, petite-fille de, oncle de, tante de,
    neveu de, nièce de, cousin de, cousine de, concubin de, concubine de, pacsé avec,
    pacsée avec, tuteur de, tutrice de, curateur de, curatrice de, sous la tutelle de,
    salarié de, salariée de, employeur de, stagiaire de, maître de stage de, associé de,
    associée de, gérant de, gérante de, a pour gérant, a pour gérante, mandataire de,
    mandant de, fournisseur de, client de, sous-traitant de, donneur d'ordre de,
    bailleur de, locataire de, caution de, cautionné par, filiale de, société mère de,
    héritier de, héritière de, ayant droit de
    """
)

# -- groups (G1–G9) ---------------------------------------------------------------------------

# (group name, town, mail domain, members). A member is (legal name, «Liaison» values,
# index of its parent among the members or None for a root, seat). Parents come before
# their children. A legal name of KNOWN_COMPANIES is that client, not a new one.
GROUPS = (
    (
        "Groupe Aubrac Agroalimentaire",
        "Clermont-Ferrand",
        "groupe-aubrac",
        (
            ("Aubrac Participations SA", ("Holding Aubrac",), None, True),
            ("Fromageries de l'Aubrac SAS", ("Fromageries Aubrac",), 0, False),
            ("Laiterie Coopérative du Cantal", ("LCC",), 1, False),
            ("Salaisons des Monts d'Auvergne SARL", (), 0, False),
            ("Aubrac Distribution SAS", (), 0, True),
            ("Transports Frigorifiques Arvernes SARL", ("TFA",), 4, False),
        ),
    ),
    (
        "Groupe Le Goff",
        "Rennes",
        "groupe-legoff",
        (
            ("Transports Routiers Bretons", (), None, True),
            ("Le Goff Logistique SAS", (), 0, False),
            ("Le Goff Froid Ouest SARL", (), 1, False),
            ("Garage Le Goff Poids Lourds SARL", (), 0, False),
            ("SCI Le Goff Kerlann", (), None, False),
        ),
    ),
    (
        "Groupe Industriel du Nord",
        "Lille",
        "groupe-cin",
        (
            ("Compagnie Industrielle du Nord", (), None, True),
            ("CIN Métallurgie SAS", (), 0, True),
            ("Fonderies de la Sambre SA", ("Fonderies Sambre",), 1, False),
            ("Nord Maintenance Industrielle SARL", ("NMI",), 1, False),
            ("CIN Emballages SAS", (), 0, False),
            ("Cartonneries de l'Escaut SAS", (), 4, False),
        ),
    ),
    (
        "Groupe Delorme Immobilier",
        "Paris",
        "groupe-delorme",
        (
            ("Delorme Patrimoine SAS", (), None, True),
            ("SCI Delorme Haussmann", (), 0, False),
            ("SCI Delorme Rivoli", (), 0, False),
            ("Delorme Gestion Locative SARL", ("Delorme Gestion",), 0, False),
            ("Delorme Syndic de Copropriété SARL", ("Delorme Syndic",), 3, False),
        ),
    ),
    (
        "Groupe Hôtelier Riviera",
        "Nice",
        "riviera-hotels",
        (
            ("Riviera Hôtels Holding SA", ("RHH",), None, True),
            ("Hôtel Bellevue Nice SAS", ("Hôtel Bellevue",), 0, False),
            ("Hôtel des Palmiers SARL", (), 0, False),
            ("Riviera Restauration SAS", (), 0, True),
            ("Le Bistrot du Port SARL", (), 3, False),
        ),
    ),
    (
        "Maison Castelnau",
        "Bordeaux",
        "maison-castelnau",
        (
            ("Maison Castelnau SA", ("Castelnau Vins",), None, True),
            ("Château Lamothe-Castelnau SCEA", (), 0, False),
            ("Château des Graves Castelnau SCEA", (), 0, False),
            ("Castelnau Négoce SAS", (), 0, False),
            ("Castelnau Export SARL", (), 3, False),
        ),
    ),
    (
        "Groupe Mercier Bâtiment",
        "Nantes",
        "mercier-batiment",
        (
            ("Mercier Holding SAS", (), None, True),
            ("Mercier Construction SA", (), 0, True),
            ("Mercier Charpente SARL", (), 1, False),
            ("Mercier Couverture SARL", (), 1, False),
            ("Mercier Promotion SAS", (), 0, False),
        ),
    ),
    (
        "Groupe Alpes Santé",
        "Grenoble",
        "alpes-sante",
        (
            ("Alpes Santé Participations SAS", (), None, True),
            ("Clinique du Grésivaudan SA", (), 0, True),
            ("Centre d'Imagerie du Grésivaudan SELARL", (), 1, False),
            ("Clinique des Cèdres SA", (), 0, False),
            ("Laboratoire Alpes Biologie SELARL", ("Alpes Biologie",), 0, False),
            ("Ambulances du Dauphiné SARL", (), 3, False),
        ),
    ),
)
# The example of the specification: client 000363 under client 000362 in one group. On a
# fresh database the first two members of this group receive those numbers.
EXAMPLE_GROUP = 0
EXAMPLE_NUMBERS = ("000362", "000363")

# (masculine, feminine) titles of group contacts («Contact pour le groupe», G9).
GROUP_CONTACT_ROLES = (
    ("Directeur juridique groupe", "Directrice juridique groupe"),
    ("Responsable des assurances groupe", "Responsable des assurances groupe"),
    ("Directeur administratif et financier", "Directrice administrative et financière"),
    ("Risk manager", "Risk manager"),
)
