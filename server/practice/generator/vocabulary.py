"""The words a generated firm is made of: names, companies, places, practice areas, matter
titles, entry notes, and the rates and roles of the seeded users."""

FIRST_NAMES = (
    "Amelia", "Benjamin", "Chloé", "Dmitri", "Élodie", "Farah", "Gustavo", "Hannah", "Ibrahim",
    "Jürgen", "Kenji", "Léa", "Mateo", "Nadia", "Oluwaseun", "Pádraig", "Quentin", "Rosa",
    "Søren", "Tatiana", "Umar", "Valentina", "Wei", "Ximena", "Yusuf", "Zoë", "Grace", "Henry",
    "Isabel", "Jack", "Lucy", "Noah", "Olivia", "Samuel", "Sophie", "Thomas", "Aisha", "Carlos",
    "Mei", "Björn",
)  # fmt: skip
LAST_NAMES = (
    "Abernathy", "Bergström", "Castillo", "Dubois", "Eriksen", "Fitzgerald", "García", "Haddad",
    "Ivanova", "Jansen", "Kowalczyk", "Lindqvist", "Moreau", "Nakamura", "O'Brien", "Petrović",
    "Quinn", "Rossi", "Schäfer", "Takahashi", "Underwood", "Van der Berg", "Whitaker", "Xu",
    "Yilmaz", "Zimmermann", "Nguyễn", "Müller", "Okonkwo", "Papadopoulos", "Sullivan", "Chen",
)  # fmt: skip
COMPANIES = (
    "Ålesund Shipping AS", "Blue Heron Bakery LLC", "Cascade Timber Co.",
    "Delgado & Sons Construction", "Evergreen Dental Group", "Foxglove Design Studio",
    "Granite Peak Holdings Inc.", "Harborview Property Management", "Indigo Software Ltd.",
    "Juniper Wellness Clinic", "Keystone Logistics", "Lakeside Veterinary PC",
    "Meridian Capital Partners", "Northwind Traders", "Orchard Lane Farms", "Pinnacle Roofing",
    "Quayside Marine Supply", "Riverbend Brewing Company", "Silver Birch Realty",
    "Tidewater Insurance Agency", "Umbra Lighting", "Vantage Point Media",
    "Willow Creek Apartments", "Zephyr Air Charter", "Café Olé Roasters", "Nordlys Fisheries",
)  # fmt: skip
CITIES = (
    ("Portland", "OR", "97205"), ("Seattle", "WA", "98101"), ("Tacoma", "WA", "98402"),
    ("Eugene", "OR", "97401"), ("Salem", "OR", "97301"), ("Vancouver", "WA", "98660"),
    ("Bend", "OR", "97701"), ("Olympia", "WA", "98501"),
)  # fmt: skip
STREETS = (
    "Elm Street", "Harbor Way", "Cedar Avenue", "Market Street", "Alder Lane", "Front Avenue",
    "Burnside Road", "Maple Court", "Pine Street", "Water Street",
)  # fmt: skip
PRACTICE_AREAS = (
    ("Family Law", "FAM", "family"),
    ("Wills & Estates", "EST", "wills_and_estates"),
    ("Real Estate", "RE", "real_estate"),
    ("Corporate", "CORP", "business_formation_and_compliance"),
    ("Employment", "EMP", "employment_and_labor"),
    ("Civil Litigation", "LIT", "civil_litigation"),
    ("Immigration", "IMM", "immigration"),
    ("Intellectual Property", "IP", "intellectual_property"),
    ("Personal Injury", "PI", "personal_injury"),
    ("Tax", "TAX", "tax"),
)
MATTER_TEMPLATES = {
    "family": ("Divorce proceedings – {last}", "Custody modification – {last}"),
    "wills_and_estates": ("Estate plan – {last} family", "Probate – Estate of {first} {last}"),
    "real_estate": ("Purchase of {n} {street}", "Commercial lease review – {company}"),
    "business_formation_and_compliance": (
        "Incorporation of {company}",
        "Shareholder agreement – {company}",
    ),
    "employment_and_labor": (
        "Wrongful dismissal claim – {last}",
        "Employment contracts review – {company}",
    ),
    "civil_litigation": ("{last} v. {company}", "Contract dispute – {company}"),
    "immigration": ("Work visa application – {first} {last}", "Permanent residence – {last}"),
    "intellectual_property": ("Trademark registration – {company}", "Licensing – {company}"),
    "personal_injury": ("Auto accident claim – {last}", "Slip and fall – {last}"),
    "tax": ("Tax audit defense – {company}", "Estate tax return – {last}"),
}
TIME_NOTES = (
    "Draft engagement letter", "Telephone call with client",
    "Review documents from opposing counsel", "Prepare motion and supporting affidavit",
    "Legal research re: limitation period", "Attend court hearing",
    "Email correspondence with client", "Revise agreement per client comments",
    "Meeting with client to review options", "Prepare closing documents", "Review title report",
    "Prepare discovery responses",
)  # fmt: skip
EXPENSE_NOTES = (
    ("Court filing fee", 1), ("Courier", 2), ("Photocopies", 3), ("Process server", 2),
    ("Mileage to courthouse", 4), ("Expert report", 5), ("Land title search", 1),
)  # fmt: skip
EXPENSE_CATEGORIES = ("Filing fees", "Delivery", "Copies", "Travel", "Experts")
ACTIVITY_DESCRIPTIONS = ("Drafting", "Correspondence", "Court attendance", "Research", "Meeting")
TASK_NAMES = (
    "File statement of claim", "Send engagement letter", "Calendar limitation date",
    "Request medical records", "Prepare closing agenda", "Follow up on unpaid invoice",
    "Conflict check", "Collect signed retainer", "Serve defendant", "Book mediator",
)  # fmt: skip
EVENT_NAMES = (
    "Client meeting", "Court hearing", "Mediation session", "Deposition", "Closing",
    "Settlement conference", "Filing deadline", "Call with opposing counsel",
)  # fmt: skip
NOTE_SUBJECTS = (
    "Initial consultation", "Conflict check cleared", "Client called re: status",
    "Strategy notes", "Settlement offer received", "Documents received", "Billing arrangement",
)  # fmt: skip
USER_RATES = {1: 450.0, 2: 0.0, 3: 375.0, 4: 325.0, 5: 150.0, 6: 125.0}
TIMEKEEPERS = (1, 3, 4, 5, 6)
ATTORNEYS = (1, 3, 4)
