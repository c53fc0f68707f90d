"""Every word a participant reads, in Dutch (the default) and English."""

from __future__ import annotations

from pipeline.i18n import translate


# a count of a few as a word, the way a sentence starts with it ("Vijf aspecten ...")
NUMBER_WORDS: dict[str, tuple[str, ...]] = {
    "nl": ("Geen", "Eén", "Twee", "Drie", "Vier", "Vijf", "Zes", "Zeven", "Acht", "Negen", "Tien"),
    "en": ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"),
}

MESSAGES: dict[str, dict[str, str]] = {
    "index.title": {"nl": "Rapporten {title}", "en": "Reports {title}"},
    "index.intro": {
        "nl": "Deze map bevat de rapporten van deze ronde van de leergemeenschap. Alle pagina's werken zonder internet.",
        "en": "This folder holds the reports of this round of the learning community. Every page works without internet.",
    },
    "index.community": {"nl": "De hele leergemeenschap", "en": "The whole learning community"},
    "index.community_link": {"nl": "Rapport voor de leergemeenschap", "en": "Report for the learning community"},
    "index.initiatives": {"nl": "Per initiatief", "en": "Per initiative"},
    "index.answers": {"nl": "{n} antwoorden", "en": "{n} answers"},
    "index.answers.one": {"nl": "{n} antwoord", "en": "{n} answer"},
    "index.earlier": {"nl": "Eerdere rondes", "en": "Earlier rounds"},
    "index.researchers": {"nl": "Voor onderzoekers", "en": "For researchers"},
    "index.researcher_notes": {
        "nl": "Uitgevoerde notebooks met code, opgeschoonde gegevensbestanden (CSV en Parquet), het grootboek van alle rijen en de herkomst van deze rapporten.",
        "en": "Executed notebooks with code, tidy data files (CSV and Parquet), the ledger of every row and the provenance of these reports.",
    },
    "index.notebook_with_code": {"nl": "{name} (met code)", "en": "{name} (with code)"},
    "index.data_dictionary": {"nl": "Gegevenswoordenboek", "en": "Data dictionary"},
    "index.provenance": {"nl": "Herkomst (provenance.json)", "en": "Provenance (provenance.json)"},
    "index.ledger": {"nl": "Grootboek van alle rijen (ledger.csv)", "en": "Ledger of every row (ledger.csv)"},
    "index.data": {"nl": "Gegevensbestanden (totalen, met de privacyregels toegepast)", "en": "Data files (totals, with the privacy rules applied)"},
    "index.research_data": {
        "nl": "Gegevens per respons (gepseudonimiseerd; alleen voor onderzoekers, niet om te delen)",
        "en": "Data per response (pseudonymised; for researchers only, not for sharing)",
    },
    "index.own_notebooks": {"nl": "Eigen analyses", "en": "Own analyses"},
    "index.initiative_notebooks": {
        "nl": "Uitgevoerde notebooks per initiatief (openen in JupyterLab)",
        "en": "Executed notebooks per initiative (open in JupyterLab)",
    },
    "generated": {"nl": "Gemaakt met samenspel {version}.", "en": "Made with samenspel {version}."},
    "community.title": {"nl": "{title}: de leergemeenschap", "en": "{title}: the learning community"},
    "community.lead": {
        "nl": "Hoe gaat de samenwerking met de gemeente, welke belemmeringen delen de initiatieven, en wie kan van wie leren?",
        "en": "How is the collaboration with the municipality going, which obstacles do the initiatives share, and who can learn from whom?",
    },
    "initiative.title": {"nl": "{name}: {title}", "en": "{name}: {title}"},
    "initiative.lead": {
        "nl": "Uw initiatief naast de hele leergemeenschap en naast de vorige ronde. Gebaseerd op {n} antwoorden uit uw initiatief.",
        "en": "Your initiative beside the whole learning community and beside the previous round. Based on {n} answers from your initiative.",
    },
    "initiative.lead.one": {
        "nl": "Uw initiatief naast de hele leergemeenschap en naast de vorige ronde. Gebaseerd op {n} antwoord uit uw initiatief.",
        "en": "Your initiative beside the whole learning community and beside the previous round. Based on {n} answer from your initiative.",
    },
    "initiative.lead.first": {
        "nl": "Uw initiatief naast de hele leergemeenschap. Gebaseerd op {n} antwoorden uit uw initiatief.",
        "en": "Your initiative beside the whole learning community. Based on {n} answers from your initiative.",
    },
    "initiative.lead.first.one": {
        "nl": "Uw initiatief naast de hele leergemeenschap. Gebaseerd op {n} antwoord uit uw initiatief.",
        "en": "Your initiative beside the whole learning community. Based on {n} answer from your initiative.",
    },
    "participation.heading": {"nl": "Wie deden er mee?", "en": "Who took part?"},
    "participation.summary": {
        "nl": "{complete} van {initiatives} ({started} keer begonnen aan de vragenlijst).",
        "en": "{complete} from {initiatives} (the questionnaire was started {started}).",
    },
    "count.complete": {"nl": "{n} volledige antwoorden", "en": "{n} complete answers"},
    "count.complete.one": {"nl": "{n} volledig antwoord", "en": "{n} complete answer"},
    "count.initiatives": {"nl": "{n} initiatieven", "en": "{n} initiatives"},
    "count.initiatives.one": {"nl": "{n} initiatief", "en": "{n} initiative"},
    "count.times": {"nl": "{n}", "en": "{n} times"},
    "count.times.one": {"nl": "{n}", "en": "once"},
    "participation.invited": {"nl": "Uitgenodigd: {invited} deelnemers.", "en": "Invited: {invited} participants."},
    "participation.col.initiative": {"nl": "Initiatief", "en": "Initiative"},
    "participation.col.started": {"nl": "Begonnen", "en": "Started"},
    "participation.col.complete": {"nl": "Volledig", "en": "Complete"},
    "participation.unknown": {"nl": "(initiatief niet ingevuld)", "en": "(initiative not given)"},
    "aspects.heading": {"nl": "Samenwerking met de gemeente", "en": "Collaboration with the municipality"},
    "aspects.explain": {
        "nl": "{count} aspecten van samenwerking, gescoord {scale}. Per initiatief het gemiddelde, met tussen haakjes het aantal antwoorden, en de mediaan van de hele leergemeenschap ernaast.",
        "en": "{count} aspects of collaboration, scored {scale}. Per initiative the mean, with the number of answers in brackets, beside the median of the whole learning community.",
    },
    "aspects.explain.one": {
        "nl": "{count} aspect van samenwerking, gescoord {scale}. Per initiatief het gemiddelde, met tussen haakjes het aantal antwoorden, en de mediaan van de hele leergemeenschap ernaast.",
        "en": "{count} aspect of collaboration, scored {scale}. Per initiative the mean, with the number of answers in brackets, beside the median of the whole learning community.",
    },
    "aspects.explain.large": {
        "nl": "{count} aspecten van samenwerking, gescoord {scale}. Per aspect de mediaan van de hele leergemeenschap, met tussen haakjes het aantal antwoorden; daaronder hoe de initiatieven van elkaar verschillen.",
        "en": "{count} aspects of collaboration, scored {scale}. Per aspect the median of the whole learning community, with the number of answers in brackets; below, how the initiatives differ.",
    },
    "aspects.explain.large.one": {
        "nl": "{count} aspect van samenwerking, gescoord {scale}: de mediaan van de hele leergemeenschap, met tussen haakjes het aantal antwoorden; daaronder hoe de initiatieven van elkaar verschillen.",
        "en": "{count} aspect of collaboration, scored {scale}: the median of the whole learning community, with the number of answers in brackets; below, how the initiatives differ.",
    },
    "scale.labelled": {
        "nl": "van {low} ({low_label}) tot {high} ({high_label})",
        "en": "from {low} ({low_label}) to {high} ({high_label})",
    },
    "scale.plain": {"nl": "van {low} tot {high}", "en": "from {low} to {high}"},
    "aspects.col.aspect": {"nl": "Aspect", "en": "Aspect"},
    "aspects.col.community": {"nl": "Leergemeenschap (mediaan)", "en": "Community (median)"},
    "aspects.col.previous": {"nl": "Vorige ronde", "en": "Previous round"},
    "aspects.col.change": {"nl": "Verschil", "en": "Change"},
    "aspects.col.own": {"nl": "Uw initiatief (gemiddelde)", "en": "Your initiative (mean)"},
    "aspects.col.own_previous": {"nl": "Uw initiatief vorige ronde", "en": "Your initiative previous round"},
    "aspects.chart.alt": {
        "nl": "Staafdiagram: gemiddelde score per aspect van samenwerking. {details}",
        "en": "Bar chart: mean score per aspect of collaboration. {details}",
    },
    "aspects.chart.xlabel": {"nl": "Score ({low} = {low_label}, {high} = {high_label})", "en": "Score ({low} = {low_label}, {high} = {high_label})"},
    "aspects.chart.xlabel_plain": {"nl": "Score ({low} tot {high})", "en": "Score ({low} to {high})"},
    "aspects.chart.community": {"nl": "Leergemeenschap (mediaan)", "en": "Community (median)"},
    "aspects.chart.own": {"nl": "Dit initiatief", "en": "This initiative"},
    "aspects.chart.previous": {"nl": "Vorige ronde", "en": "Previous round"},
    "aspects.heatmap.heading": {"nl": "Per initiatief", "en": "Per initiative"},
    "aspects.none": {"nl": "Geen scores in deze ronde.", "en": "No scores in this round."},
    "obstacles.heading": {"nl": "Gedeelde belemmeringen", "en": "Shared obstacles"},
    "obstacles.explain": {
        "nl": "De antwoorden op de vraag naar belemmeringen, gegroepeerd in thema's. Per thema: bij hoeveel initiatieven het speelt. {non_answers} antwoorden zeiden niets over een belemmering (zoals 'n.v.t.' of 'geen') en tellen niet mee.",
        "en": "The answers to the question about obstacles, grouped into themes. Per theme: how many initiatives meet it. {non_answers} answers said nothing about an obstacle (such as 'n/a' or 'none') and are not counted.",
    },
    "obstacles.explain.one": {
        "nl": "De antwoorden op de vraag naar belemmeringen, gegroepeerd in thema's. Per thema: bij hoeveel initiatieven het speelt. {non_answers} antwoord zei niets over een belemmering (zoals 'n.v.t.' of 'geen') en telt niet mee.",
        "en": "The answers to the question about obstacles, grouped into themes. Per theme: how many initiatives meet it. {non_answers} answer said nothing about an obstacle (such as 'n/a' or 'none') and is not counted.",
    },
    "obstacles.col.theme": {"nl": "Thema", "en": "Theme"},
    "obstacles.col.initiatives": {"nl": "Initiatieven", "en": "Initiatives"},
    "obstacles.col.answers": {"nl": "Antwoorden", "en": "Answers"},
    "obstacles.col.previous": {"nl": "Vorige ronde (initiatieven)", "en": "Previous round (initiatives)"},
    "obstacles.col.who": {"nl": "Welke initiatieven", "en": "Which initiatives"},
    "obstacles.emergent": {"nl": "nieuw thema", "en": "new theme"},
    "obstacles.chart.alt": {
        "nl": "Staafdiagram: aantal initiatieven per thema van belemmeringen. {details}",
        "en": "Bar chart: number of initiatives per obstacle theme. {details}",
    },
    "obstacles.chart.xlabel": {"nl": "Aantal initiatieven", "en": "Number of initiatives"},
    "obstacles.none": {"nl": "Geen belemmeringen genoemd in deze ronde.", "en": "No obstacles mentioned in this round."},
    "quotes.heading": {"nl": "In hun eigen woorden", "en": "In their own words"},
    "quotes.explain": {
        "nl": "Enkele antwoorden per thema. Wat we in citaten vervangen, staat onderaan deze pagina; een citaat zegt nooit wie het schreef.",
        "en": "A few answers per theme. What we replace in quotes is listed at the bottom of this page; a quote never says who wrote it.",
    },
    "learn.heading": {"nl": "Wie kan van wie leren?", "en": "Who can learn from whom?"},
    "learn.explain": {
        "nl": "Per thema: welke initiatieven ermee worstelen, en welke initiatieven vertelden wat hen hielp. Neem contact met hen op of zoek elkaar op bij de volgende bijeenkomst.",
        "en": "Per theme: which initiatives struggle with it, and which initiatives told what helped them. Get in touch with them, or find each other at the next meeting.",
    },
    "learn.col.theme": {"nl": "Thema", "en": "Theme"},
    "learn.col.initiative": {"nl": "Worstelt ermee", "en": "Struggles with it"},
    "learn.col.helper": {"nl": "Kan helpen", "en": "Can help"},
    "learn.struggling": {"nl": "Worstelen ermee", "en": "Struggling with it"},
    "learn.col.helped": {"nl": "Wat hielp", "en": "What helped"},
    "learn.none": {"nl": "Nog geen koppels gevonden.", "en": "No pairs found yet."},
    "learn.own.heading": {"nl": "Van wie kunt u leren?", "en": "Whom could you learn from?"},
    "learn.own.none": {
        "nl": "Voor uw belemmeringen vertelde nog geen ander initiatief wat hielp.",
        "en": "No other initiative has yet told what helped with your obstacles.",
    },
    "learn.others.heading": {"nl": "Wie kan van u leren?", "en": "Who could learn from you?"},
    "own_obstacles.heading": {"nl": "Uw belemmeringen", "en": "Your obstacles"},
    "own_obstacles.explain": {
        "nl": "De thema's in de antwoorden uit uw initiatief, en welke andere initiatieven hetzelfde noemen.",
        "en": "The themes in the answers from your initiative, and which other initiatives mention the same.",
    },
    "own_obstacles.col.shared": {"nl": "Ook genoemd door", "en": "Also mentioned by"},
    "own_obstacles.none": {"nl": "Uw initiatief noemde geen belemmeringen.", "en": "Your initiative mentioned no obstacles."},
    "own_obstacles.alone": {"nl": "(nog geen ander initiatief)", "en": "(no other initiative yet)"},
    "own_words.heading": {"nl": "In uw eigen woorden", "en": "In your own words"},
    "own_words.explain": {
        "nl": "De belemmeringen die mensen uit uw initiatief noemden, met het thema waarin ze vallen. Persoonsgegevens vervangen zoals onderaan beschreven; niet te herleiden tot wie wat schreef.",
        "en": "The obstacles people from your initiative mentioned, with the theme they fall under. Personal data replaced as described at the bottom; not traceable to who wrote what.",
    },
    "questions.heading": {"nl": "Antwoorden naast de leergemeenschap", "en": "Answers beside the learning community"},
    "questions.explain": {
        "nl": "Per vraag de verdeling van de antwoorden: uw initiatief, de hele leergemeenschap en uw initiatief in de vorige ronde (in procenten, met het aantal antwoorden).",
        "en": "Per question the spread of the answers: your initiative, the whole learning community and your initiative in the previous round (in percent, with the number of answers).",
    },
    "questions.explain.first": {
        "nl": "Per vraag de verdeling van de antwoorden: uw initiatief en de hele leergemeenschap (in procenten, met het aantal antwoorden).",
        "en": "Per question the spread of the answers: your initiative and the whole learning community (in percent, with the number of answers).",
    },
    "questions.col.answer": {"nl": "Antwoord", "en": "Answer"},
    "questions.col.own": {"nl": "Uw initiatief", "en": "Your initiative"},
    "questions.col.community": {"nl": "Leergemeenschap", "en": "Community"},
    "questions.col.previous": {"nl": "Uw initiatief vorige ronde", "en": "Your initiative previous round"},
    "questions.n": {"nl": "n = {n}", "en": "n = {n}"},
    "diff.heading": {"nl": "Wat veranderde er in de vragenlijst?", "en": "What changed in the questionnaire?"},
    "diff.none": {"nl": "Niets: de vragen zijn gelijk aan de vorige ronde.", "en": "Nothing: the questions are the same as in the previous round."},
    "diff.first": {"nl": "Dit is de eerste ronde.", "en": "This is the first round."},
    "diff.added": {"nl": "Nieuwe vraag", "en": "New question"},
    "diff.removed": {"nl": "Vervallen vraag", "en": "Removed question"},
    "diff.text": {"nl": "Vraagtekst gewijzigd", "en": "Question text changed"},
    "diff.option_renamed": {"nl": "Antwoordoptie hernoemd", "en": "Answer option renamed"},
    "diff.option_added": {"nl": "Antwoordoptie toegevoegd", "en": "Answer option added"},
    "diff.option_removed": {"nl": "Antwoordoptie vervallen", "en": "Answer option removed"},
    "diff.subquestion_added": {"nl": "Deelvraag toegevoegd", "en": "Subquestion added"},
    "diff.subquestion_removed": {"nl": "Deelvraag vervallen", "en": "Subquestion removed"},
    "diff.subquestion_text": {"nl": "Tekst van deelvraag gewijzigd", "en": "Subquestion text changed"},
    "diff.type": {"nl": "Vraagtype gewijzigd", "en": "Question type changed"},
    "diff.changed": {"nl": "Gewijzigd", "en": "Changed"},
    "diff.col.change": {"nl": "Wijziging", "en": "Change"},
    "diff.col.question": {"nl": "Vraag", "en": "Question"},
    "diff.col.detail": {"nl": "Details", "en": "Details"},
    "privacy.heading": {"nl": "Wat we weglieten, en waarom", "en": "What we held back, and why"},
    "privacy.rules": {
        "nl": "Antwoorden op persoonlijke vragen (zoals e-mailadres en telefoonnummer) staan niet in dit rapport, en bij een antwoord staat nooit wie het gaf. Cijfers per initiatief tonen we pas vanaf {min_initiative} antwoorden; uitsplitsingen naar een kenmerk van de invullers (zoals hun rol) pas vanaf {min_group} antwoorden per groep, zodat niemand herkenbaar is.",
        "en": "Answers to personal questions (such as e-mail address and phone number) are not in this report, and an answer never says who gave it. Figures per initiative are shown from {min_initiative} answers; breakdowns by a characteristic of the respondents (such as their role) only from {min_group} answers per group, so that nobody can be recognised.",
    },
    "privacy.held_initiatives": {
        "nl": "Voor {names} tonen we (een deel van) de scores niet: daar zijn op die vragen minder dan {min_initiative} antwoorden.",
        "en": "For {names} we do not show (some of) the scores: there are fewer than {min_initiative} answers to those questions.",
    },
    "privacy.held_own": {
        "nl": "Op een of meer vragen heeft uw initiatief minder dan {min_initiative} antwoorden; daar tonen we geen eigen cijfers, alleen die van de leergemeenschap.",
        "en": "On one or more questions your initiative has fewer than {min_initiative} answers; there we show no figures of your own, only those of the learning community.",
    },
    "privacy.held_complementary": {
        "nl": "Ook voor {names} tonen we geen scores: anders zou je de weggelaten cijfers kunnen terugrekenen uit het totaal.",
        "en": "For {names} we show no scores either: otherwise the held-back figures could be worked out from the total.",
    },
    "privacy.held_own_complementary": {
        "nl": "De cijfers van uw initiatief zijn weggelaten, hoewel er genoeg antwoorden zijn: anders zou je uit het totaal de cijfers van een kleiner initiatief kunnen terugrekenen.",
        "en": "Your initiative's figures are held back, although it has enough answers: otherwise a smaller initiative's figures could be worked out from the total.",
    },
    "privacy.redacted": {
        "nl": "In geciteerde antwoorden vervangen we door een aanduiding zoals [naam] of [telefoon]: e-mailadressen, telefoonnummers, links, adressen (postcode, of straat met huisnummer), rekeningnummers (IBAN) en burgerservicenummers (beide alleen als het controlegetal klopt), en {names}. Wat niet zo te herkennen is, zoals een naam die niet op die lijsten staat, kan blijven staan.",
        "en": "In quoted answers we replace with a marker such as [name] or [phone]: e-mail addresses, phone numbers, links, addresses (postcode, or street with house number), bank account numbers (IBAN) and citizen service numbers (both only when the check digit holds), and {names}. What cannot be recognised this way, such as a name on none of those lists, may remain.",
    },
    "privacy.names.participants": {"nl": "de namen van de genodigden in de deelnemerslijst", "en": "the names of the invited participants"},
    "privacy.names.names_file": {"nl": "de namen op de namenlijst van de begeleider", "en": "the names on the facilitator's list of names"},
    "privacy.names.first_name_list": {
        "nl": "voornamen van een lijst van Nederlandse voornamen waar ze als naam geschreven staan (met een hoofdletter), met de achternaam erna",
        "en": "first names from a list of Dutch first names where they are written as a name (with a capital), with the family name after them",
    },
    "privacy.names.none": {"nl": "geen namen (daarvoor is geen lijst ingesteld)", "en": "no names (no list is set up for that)"},
    "and": {"nl": "en", "en": "and"},
    "questions.held": {
        "nl": "De cijfers van uw eigen initiatief zijn weggelaten (zie onderaan waarom); u ziet die van de leergemeenschap.",
        "en": "Your own initiative's figures are held back (see below why); you see those of the learning community.",
    },
    "held": {"nl": "weggelaten", "en": "held back"},
    "roles.heading": {"nl": "Naar rol van de invuller", "en": "By role of the respondent"},
    "roles.explain": {
        "nl": "Gemiddelde score per aspect, uitgesplitst naar rol. Groepen kleiner dan {min_group} zijn weggelaten (ook als ze uit een totaal af te leiden zouden zijn).",
        "en": "Mean score per aspect by role. Groups smaller than {min_group} are held back (also where they could be worked out from a total).",
    },
    "roles.col.role": {"nl": "Rol", "en": "Role"},
    "roles.col.mean": {"nl": "Gemiddelde score", "en": "Mean score"},
    "roles.none": {
        "nl": "Geen enkele rol heeft {min_group} of meer antwoorden; deze uitsplitsing is weggelaten.",
        "en": "No role has {min_group} or more answers; this breakdown is held back.",
    },
    "yes": {"nl": "Ja", "en": "Yes"},
    "no": {"nl": "Nee", "en": "No"},
    "missing": {"nl": "geen antwoord", "en": "no answer"},
    "other": {"nl": "Anders", "en": "Other"},
    "nav.index": {"nl": "Alle rapporten van deze ronde", "en": "All reports of this round"},
    "nav.community": {"nl": "Rapport voor de leergemeenschap", "en": "Report for the learning community"},
    # over the rounds (community and initiative pages)
    "trends.heading": {"nl": "Door de rondes heen", "en": "Over the rounds"},
    "trends.explain": {
        "nl": "Hoe de leergemeenschap zich ontwikkelt over alle {n} rondes ({rounds}). Rondes worden vergeleken per vraagcode; een vraag die in een ronde niet gesteld is, is een gat in de lijn, geen nul.",
        "en": "How the learning community develops over all {n} rounds ({rounds}). Rounds are matched by question code; a question a round did not ask is a gap in the line, not a zero.",
    },
    "trends.participation": {"nl": "Deelname per ronde", "en": "Participation per round"},
    "trends.col.round": {"nl": "Ronde", "en": "Round"},
    "trends.col.responses": {"nl": "Volledige antwoorden", "en": "Complete answers"},
    "trends.col.initiatives": {"nl": "Initiatieven", "en": "Initiatives"},
    "trends.aspects": {"nl": "De aspecten van samenwerking per ronde", "en": "The aspects of collaboration per round"},
    "trends.aspects.explain": {
        "nl": "De mediaan van de hele leergemeenschap per aspect (scores {scale}); in de tabel ook de spreiding: de middelste helft van de antwoorden ligt tussen de twee getallen tussen haakjes.",
        "en": "The whole learning community's median per aspect (scores {scale}); the table also gives the spread: the middle half of the answers lies between the two figures in brackets.",
    },
    "trends.aspects.alt": {"nl": "Lijndiagram van de mediaan per aspect per ronde. {details}", "en": "Line chart of the median per aspect per round. {details}"},
    "trends.questions": {"nl": "Andere vragen met een getal, per ronde", "en": "Other questions with a number, per round"},
    "trends.questions.explain": {
        "nl": "De mediaan van de hele leergemeenschap (n = aantal antwoorden); \"niet gevraagd\" betekent dat de vraag in die ronde niet in de vragenlijst stond.",
        "en": "The whole learning community's median (n = number of answers); \"not asked\" means the question was not in that round's questionnaire.",
    },
    "trends.col.question": {"nl": "Vraag", "en": "Question"},
    "trends.themes": {"nl": "Gedeelde belemmeringen per ronde", "en": "Shared obstacles per round"},
    "trends.themes.explain": {
        "nl": "Het deel van de initiatieven dat een thema noemt, per ronde (tussen haakjes: hoeveel initiatieven).",
        "en": "The share of the initiatives that name a theme, per round (in brackets: how many initiatives).",
    },
    "trends.themes.alt": {"nl": "Warmtekaart van het deel van de initiatieven per thema per ronde. {details}", "en": "Heat map chart of the share of initiatives per theme per round. {details}"},
    "trends.col.theme": {"nl": "Thema", "en": "Theme"},
    "trends.col.aspect": {"nl": "Aspect", "en": "Aspect"},
    "trends.gap": {"nl": "niet gevraagd", "en": "not asked"},
    "trends.changes": {"nl": "Veranderingen in de vragenlijst over alle rondes", "en": "Changes in the questionnaire over all rounds"},
    "trends.changes.none": {"nl": "De vragenlijst is in alle rondes dezelfde.", "en": "The questionnaire is the same in every round."},
    "trends.own.heading": {"nl": "Uw initiatief door de rondes heen", "en": "Your initiative over the rounds"},
    "trends.own.first": {
        "nl": "Dit is de eerste ronde waarin uw initiatief meedoet: volgende keer ziet u hier hoe het zich ontwikkelt.",
        "en": "This is the first round your initiative takes part in: next time you will see here how it develops.",
    },
    "trends.own.explain": {
        "nl": "Uw gemiddelde score per aspect in de rondes waarin uw initiatief meedeed (n = aantal antwoorden).",
        "en": "Your mean score per aspect in the rounds your initiative took part in (n = number of answers).",
    },
    "trends.own.themes": {
        "nl": "Hoeveel antwoorden van uw initiatief een thema noemen, per ronde.",
        "en": "How many of your initiative's answers name a theme, per round.",
    },
    "trends.own.new": {"nl": "Nieuw genoemd deze ronde: {themes}.", "en": "Named for the first time this round: {themes}."},
    "trends.own.gone": {"nl": "Niet meer genoemd deze ronde: {themes}.", "en": "No longer named this round: {themes}."},
    "trends.own.same": {"nl": "Uw initiatief noemt dezelfde thema's als de vorige keer.", "en": "Your initiative names the same themes as last time."},
    "trends.not_taken_part": {"nl": "niet meegedaan", "en": "did not take part"},
    # the next meeting (bijeenkomst.html)
    "meeting.title": {"nl": "De volgende bijeenkomst – {title}", "en": "The next meeting – {title}"},
    "meeting.lead": {
        "nl": "Een voorstel voor de agenda en de tafelgroepen, gemaakt uit de antwoorden van deze ronde: aan elke tafel zitten initiatieven die met hetzelfde thema worstelen naast initiatieven die vertelden wat hen hielp. Pas het gerust aan.",
        "en": "A proposal for the agenda and the table groups, made from this round's answers: at each table initiatives that struggle with the same theme sit beside initiatives that told what helped them. Feel free to change it.",
    },
    "meeting.link": {"nl": "Voorstel voor de volgende bijeenkomst", "en": "Proposal for the next meeting"},
    "meeting.agenda": {"nl": "Voorstel voor de agenda", "en": "Proposed agenda"},
    "meeting.agenda.explain": {
        "nl": "De thema's die de meeste initiatieven delen, en de thema's die sinds de vorige ronde het sterkst opkomen, met de initiatieven die kunnen vertellen wat hen hielp.",
        "en": "The themes most initiatives share, and the themes rising most since the previous round, with the initiatives that can tell what helped them.",
    },
    "meeting.agenda.none": {"nl": "Deze ronde noemt geen enkel initiatief een belemmering.", "en": "No initiative names an obstacle this round."},
    "meeting.col.theme": {"nl": "Thema", "en": "Theme"},
    "meeting.col.why": {"nl": "Waarom op de agenda", "en": "Why on the agenda"},
    "meeting.col.initiatives": {"nl": "Initiatieven (nu; verschil)", "en": "Initiatives (now; change)"},
    "meeting.col.helpers": {"nl": "Kunnen vertellen wat hielp", "en": "Can tell what helped"},
    "meeting.change": {"nl": "{points} procentpunt", "en": "{points} percentage points"},
    "meeting.reason.shared": {"nl": "veel gedeeld", "en": "widely shared"},
    "meeting.reason.rising": {"nl": "komt op", "en": "rising"},
    "meeting.nobody": {"nl": "nog niemand", "en": "nobody yet"},
    "meeting.tables": {"nl": "Tafelgroepen", "en": "Table groups"},
    "meeting.tables.explain": {
        "nl": "Elk initiatief dat antwoordde zit aan precies één tafel van {low} tot {high} initiatieven. Aan zoveel mogelijk tafels zit ten minste één initiatief dat vertelde wat hielp en twee die met het thema worstelen, en zoveel mogelijk initiatieven zitten aan een tafel over een belemmering die ze zelf noemden ({own} van de {total}). Elke tafel staat op een eigen A4 als u de pagina afdrukt.",
        "en": "Every initiative that answered sits at exactly one table of {low} to {high} initiatives. As many tables as possible have at least one initiative that told what helped and two that struggle with the theme, and as many initiatives as possible sit at a table about an obstacle they named themselves ({own} of {total}). Each table is on its own A4 page when you print this page.",
    },
    "meeting.table": {"nl": "Tafel {n}: {theme}", "en": "Table {n}: {theme}"},
    "meeting.who": {"nl": "Wie zit aan deze tafel", "en": "Who sits at this table"},
    "meeting.col.initiative": {"nl": "Initiatief", "en": "Initiative"},
    "meeting.col.role": {"nl": "Rol aan tafel", "en": "Role at the table"},
    "meeting.role.helps": {"nl": "vertelt wat hielp", "en": "tells what helped"},
    "meeting.role.struggles": {"nl": "worstelt ermee", "en": "struggles with it"},
    "meeting.role.other": {"nl": "denkt mee", "en": "joins the conversation"},
    "meeting.helped": {"nl": "Wat hielp", "en": "What helped"},
    "meeting.struggle": {"nl": "Wat er speelt", "en": "What is going on"},
    "meeting.no_helper": {
        "nl": "Niemand aan deze tafel vertelde wat hielp bij dit thema: een goede vraag voor de hele groep.",
        "en": "Nobody at this table told what helped with this theme: a good question for the whole group.",
    },
    "meeting.network": {"nl": "Wie kan van wie leren", "en": "Who can learn from whom"},
    "meeting.network.region": {"nl": "Wie kan van wie leren in {region}", "en": "Who can learn from whom in {region}"},
    "meeting.network.explain": {
        "nl": "Een pijl loopt van een initiatief dat vertelde wat hielp naar een initiatief dat met hetzelfde thema worstelt (hoogstens drie per thema). De tabel zegt hetzelfde in woorden.",
        "en": "An arrow runs from an initiative that told what helped to an initiative that struggles with the same theme (at most three per theme). The table says the same in words.",
    },
    "meeting.network.alt": {"nl": "Netwerk van wie van wie kan leren: {details}", "en": "Network chart of who can learn from whom: {details}"},
    "meeting.network.summary": {
        "nl": "{arrows} pijlen tussen {initiatives} initiatieven; de tabel hieronder noemt ze allemaal. Pijlen per thema:",
        "en": "{arrows} arrows between {initiatives} initiatives; the table below lists them all. Arrows per theme:",
    },
    "meeting.network.none": {"nl": "Deze ronde vertelde niemand wat hielp bij een thema waar een ander mee worstelt.", "en": "This round nobody told what helped with a theme another initiative struggles with."},
    # a large round (more initiatives than [report] summary_above): bounded lists and summaries
    "peers.and_others": {"nl": "{names} en {n} andere", "en": "{names} and {n} others"},
    "peers.and_others.one": {"nl": "{names} en 1 ander", "en": "{names} and 1 other"},
    "peers.others_only": {"nl": "{n} andere", "en": "{n} others"},
    "peers.others_only.one": {"nl": "1 ander", "en": "1 other"},
    "peers.explain": {
        "nl": "Per thema staan hier de {n} initiatieven die het meest de moeite waard zijn om te bellen: eerst wie vertelde wat hielp bij dat thema (wie het sterkst, eerst), dan wie dezelfde belemmeringen noemt, en bij gelijke stand uit uw eigen regio. Alle koppels staan in de onderzoeksbestanden.",
        "en": "Per theme, the {n} initiatives most worth calling: first those that told what helped with the theme (the strongest first), then those that name the same obstacles, and when equal, those in your own region. Every pair is in the research files.",
    },
    "peers.col.contact": {"nl": "Om contact mee op te nemen", "en": "Worth contacting"},
    "summary.detail": {
        "nl": "Met zoveel initiatieven staat hier een samenvatting; de cijfers per initiatief staan op de pagina van elk initiatief en in de gegevensbestanden (data/).",
        "en": "With this many initiatives this is a summary; the figures per initiative are on each initiative's page and in the data files (data/).",
    },
    "participation.spread": {
        "nl": "Per initiatief: mediaan {median} volledige antwoorden (van {low} tot {high}).",
        "en": "Per initiative: median {median} complete answers (from {low} to {high}).",
    },
    "aspects.spread.heading": {"nl": "Spreiding over de initiatieven", "en": "Spread over the initiatives"},
    "aspects.spread.explain": {
        "nl": "Per aspect de gemiddelden van de initiatieven waarvan het cijfer getoond mag worden: de laagste, het eerste kwart, de mediaan, het derde kwart en de hoogste. Elk eigen cijfer staat op de pagina van het initiatief.",
        "en": "Per aspect the means of the initiatives whose figure may be shown: the lowest, the first quarter, the median, the third quarter and the highest. Each initiative's own figure is on its page.",
    },
    "aspects.spread.initiatives": {"nl": "Initiatieven", "en": "Initiatives"},
    "aspects.spread.min": {"nl": "Laagste", "en": "Lowest"},
    "aspects.spread.q1": {"nl": "Eerste kwart", "en": "First quarter"},
    "aspects.spread.median": {"nl": "Mediaan", "en": "Median"},
    "aspects.spread.q3": {"nl": "Derde kwart", "en": "Third quarter"},
    "aspects.spread.max": {"nl": "Hoogste", "en": "Highest"},
    "obstacles.col.share": {"nl": "Deel van de initiatieven", "en": "Share of the initiatives"},
    "learn.more_helpers": {
        "nl": "En {n} andere initiatieven die kunnen helpen: zie hun pagina's en learn_from.csv.",
        "en": "And {n} other initiatives that can help: see their pages and learn_from.csv.",
    },
    "learn.more_helpers.one": {
        "nl": "En 1 ander initiatief dat kan helpen: zie de pagina's en learn_from.csv.",
        "en": "And 1 other initiative that can help: see the pages and learn_from.csv.",
    },
    # groups (regions, sub-communities: [questions] group)
    "group.title": {"nl": "{title}: {group}", "en": "{title}: {group}"},
    "group.lead": {
        "nl": "De regionale leergemeenschap {group}: {initiatives}, vergeleken met het hele netwerk ({network}).",
        "en": "The regional learning community {group}: {initiatives}, compared with the whole network ({network}).",
    },
    "group.network": {"nl": "Hele netwerk", "en": "Whole network"},
    "group.col.group": {"nl": "Gemiddelde {group}", "en": "Mean {group}"},
    "group.col.network": {"nl": "Gemiddelde hele netwerk", "en": "Mean whole network"},
    "group.col.share_group": {"nl": "Deel in {group}", "en": "Share in {group}"},
    "group.col.share_network": {"nl": "Deel in het hele netwerk", "en": "Share in the whole network"},
    "group.chart.alt": {
        "nl": "Staafdiagram: gemiddelde per aspect in {group} (staaf) en in het hele netwerk (ruit): {details}",
        "en": "Bar chart: mean per aspect in {group} (bar) and in the whole network (diamond): {details}",
    },
    "group.aspects.explain": {
        "nl": "De aspecten van samenwerking, gescoord {scale}. De staaf is het gemiddelde van alle antwoorden uit {group}, de ruit dat van het hele netwerk; tussen haakjes het aantal antwoorden.",
        "en": "The aspects of collaboration, scored {scale}. The bar is the mean of every answer from {group}, the diamond that of the whole network; in brackets the number of answers.",
    },
    "group.themes.explain": {
        "nl": "Welk deel van de initiatieven in {group} een thema noemt, naast het deel in het hele netwerk (tussen haakjes: hoeveel initiatieven).",
        "en": "The share of the initiatives in {group} that name a theme, beside the share in the whole network (in brackets: how many initiatives).",
    },
    "group.initiatives.heading": {"nl": "De initiatieven in {group}", "en": "The initiatives in {group}"},
    "group.compare.heading": {"nl": "Vergeleken met {group} en het hele netwerk", "en": "Compared with {group} and the whole network"},
    "group.held": {
        "nl": "{group} heeft te weinig antwoorden om apart te tonen (een groep heeft er minstens {min_group} nodig, en soms wordt een tweede groep ook niet getoond, zodat de eerste niet uit het totaal is terug te rekenen). Hier staat alleen het hele netwerk.",
        "en": "{group} has too few answers to be shown on its own (a group needs at least {min_group}, and sometimes a second group is not shown either, so that the first cannot be worked out from the total). Only the whole network is shown here.",
    },
    "index.groups": {"nl": "Per regio", "en": "Per region"},
    "index.group_page": {"nl": "Rapport voor {group}", "en": "Report for {group}"},
    "index.group_held": {
        "nl": "{group}: geen eigen rapport, te weinig antwoorden om de regio apart te tonen.",
        "en": "{group}: no report of its own, too few answers to show the region on its own.",
    },
    "index.no_group": {"nl": "Zonder regio", "en": "Without a region"},
    "meeting.network.large": {
        "nl": "Met zoveel initiatieven staat hier per thema hoeveel koppels er zijn (een initiatief dat vertelde wat hielp en een dat met hetzelfde thema worstelt, hoogstens drie per thema), met hoeveel verschillende initiatieven. Elk koppel staat in help_edges.csv; elk initiatief ziet op zijn eigen pagina van wie het kan leren.",
        "en": "With this many initiatives, per theme how many pairs there are (an initiative that told what helped and one that struggles with the same theme, at most three per theme), with how many different initiatives. Every pair is in help_edges.csv; each initiative sees on its own page whom it could learn from.",
    },
    "meeting.col.arrows": {"nl": "Koppels", "en": "Pairs"},
    "meeting.col.helpers_count": {"nl": "Initiatieven die kunnen helpen", "en": "Initiatives that can help"},
    "meeting.col.learners_count": {"nl": "Initiatieven die ermee worstelen", "en": "Initiatives that struggle with it"},
    "meeting.tables.explain.large": {
        "nl": "Elk initiatief dat antwoordde zit aan precies één tafel van {low} tot {high} initiatieven; {own} van de {total} zitten aan een tafel over een belemmering die ze zelf noemden. Met zoveel tafels staat hier één regel per tafel; wat hielp en wat er speelt staat op de pagina's van de initiatieven en in meeting_tables.csv.",
        "en": "Every initiative that answered sits at exactly one table of {low} to {high} initiatives; {own} of {total} sit at a table about an obstacle they named themselves. With this many tables, one line per table; what helped and what is going on are on the initiatives' pages and in meeting_tables.csv.",
    },
    "meeting.col.table": {"nl": "Tafel", "en": "Table"},
    "index.initiative_notebooks.folder": {
        "nl": "De map met de uitgevoerde notebooks per initiatief",
        "en": "The folder with the executed notebooks per initiative",
    },
    "meeting.col.helper": {"nl": "Kan helpen", "en": "Can help"},
    "meeting.col.learner": {"nl": "Initiatief dat ermee worstelt", "en": "Initiative that struggles"},
}


def t(key: str, lang: str = "nl", /, **values: object) -> str:
    """Return the message ``key`` in ``lang`` with ``values`` filled in."""
    return translate(MESSAGES, key, lang, **values)


def tn(key: str, n: int, lang: str = "nl", /, **values: object) -> str:
    """Return the message ``key`` for a count ``n``: its ``.one`` form for exactly one, where it has one."""
    one = f"{key}.one"
    return t(one if n == 1 and one in MESSAGES else key, lang, n=n, **values)


def count_word(n: int, lang: str = "nl") -> str:
    """Return a small count as a capitalised word ("Vijf"), a larger one as digits."""
    words = NUMBER_WORDS.get(lang, NUMBER_WORDS["nl"])
    return words[n] if 0 <= n < len(words) else str(n)


def number(value: float, lang: str = "nl", digits: int = 1) -> str:
    """Return a number as a participant reads it (decimal comma in Dutch)."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text
