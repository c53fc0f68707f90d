"""Every text the command line shows a facilitator, in Dutch (the default) and English.

One catalogue, looked up with :func:`pipeline.i18n.translate` like the reports' catalogue:
progress and summaries, the help of every option, the errors of ``pipeline.errors`` raised
with a ``key`` (``<key>.hint`` is the hint), and the few texts of ``argparse`` itself
(``argparse:<its English text>``). The language is chosen once per command
(``--lang`` / ``SAMENSPEL_LANG``) and held in :data:`CLI_LANGUAGE`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass

from pipeline.i18n import DEFAULT_LANGUAGE, Catalogue, Language, translate

LANGUAGE_VARIABLE = "SAMENSPEL_LANG"

CLI_LANGUAGE: ContextVar[Language] = ContextVar("samenspel_cli_language", default=DEFAULT_LANGUAGE)


def _m(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl, "en": en}


MESSAGES: Catalogue = {
    # -- the command and its sub-commands ---------------------------------------------------
    "cli.description": _m(
        "Rapporten voor leergemeenschappen van buurtinitiatieven, uit LimeSurvey-rondes.",
        "Reports for learning communities of neighbourhood initiatives, from LimeSurvey rounds.",
    ),
    "cli.epilog": _m(
        "Meldingen in het Engels: --lang en of SAMENSPEL_LANG=en. 'samenspel OPDRACHT --help' zegt meer per opdracht.",
        "Messages in Dutch: --lang nl or SAMENSPEL_LANG=nl. 'samenspel COMMAND --help' says more about each command.",
    ),
    "cli.command_metavar": _m("OPDRACHT", "COMMAND"),
    "cli.commands_title": _m("opdrachten", "commands"),
    "cli.version": _m("toon het versienummer en stop", "show the version number and exit"),
    "cli.lang": _m(
        "taal van de meldingen (standaard: nl, of SAMENSPEL_LANG)",
        "language of the messages (default: nl, or SAMENSPEL_LANG)",
    ),
    "cli.interrupted": _m(
        "onderbroken; er is niets gepubliceerd, eerdere rapporten zijn zoals ze waren.",
        "interrupted; nothing was published, earlier reports are as they were.",
    ),
    "cli.interrupted_publishing": _m(
        "onderbroken tijdens het publiceren; de nieuwe rapporten zijn helemaal gepubliceerd.",
        "interrupted while publishing; the new reports were published completely.",
    ),
    "cli.bad_language": _m(
        "{variable}={value!r} is geen taal van samenspel.",
        "{variable}={value!r} is not a language samenspel speaks.",
    ),
    "cli.bad_language.hint": _m("Gebruik nl of en.", "Use nl or en."),
    "command.run": _m(
        "de rapporten van een ronde maken (zonder map: de laatste ronde van de demo)",
        "build a round's reports (no folder: the demo community's latest round)",
    ),
    "command.demo": _m(
        "de rapporten van de demo-leergemeenschap maken, in een map naar keuze",
        "build the demo community's reports into a folder of your choice",
    ),
    "command.validate": _m(
        "een export, structuurbestand of rondemap controleren en samenvatten",
        "check an export, a structure file or a round folder and summarise it",
    ),
    "command.init": _m(
        "een round.toml schrijven voor een export, met voorstellen voor de vragen",
        "write a round.toml for an export, with the question roles proposed",
    ),
    "command.fetch": _m(
        "een ronde ophalen uit LimeSurvey (RemoteControl)",
        "download a round from LimeSurvey's RemoteControl API",
    ),
    "command.obstacles": _m(
        "vrije-tekstantwoorden uit een CSV-bestand in thema's van belemmeringen indelen",
        "group free-text answers of any CSV into obstacle themes",
    ),
    "command.codebook": _m(
        "een codeboek met thema's kopiëren, controleren en uitbreiden",
        "copy, check and grow a codebook of obstacle themes",
    ),
    "command.review": _m(
        "een werkmap schrijven om de thema's van de antwoorden van een ronde na te kijken en te verbeteren",
        "write a workbook to check and correct the themes of a round's answers",
    ),
    "review.done": _m(
        "{rows} antwoorden om na te kijken in {path}: {unsure} waarover samenspel twijfelt (bovenaan), "
        "{corrected} al verbeterd. Zet het juiste thema in kolom H waar het voorstel niet klopt en "
        "draai daarna 'samenspel run {round_dir}' opnieuw.",
        "{rows} answers to check in {path}: {unsure} samenspel is unsure of (at the top), "
        "{corrected} already corrected. Put the right theme in column H where the proposal is wrong, "
        "then run 'samenspel run {round_dir}' again.",
    ),
    # the review workbook itself: written in the round's language (or --lang), read in either
    "review.sheet.main": _m("Thema-controle", "Theme review"),
    "review.sheet.themes": _m("Thema's", "Themes"),
    "review.sheet.about": _m("Over", "About"),
    "review.heading.key": _m("Sleutel", "Key"),
    "review.heading.kind": _m("Soort", "Kind"),
    "review.heading.initiative": _m("Initiatief", "Initiative"),
    "review.heading.answer": _m("Antwoord", "Answer"),
    "review.heading.proposed": _m("Voorgestelde thema's", "Proposed themes"),
    "review.heading.certainty": _m("Zekerheid", "Certainty"),
    "review.heading.check": _m("Nakijken", "Check"),
    "review.heading.yours": _m("Uw thema('s)", "Your theme(s)"),
    "review.kind.obstacle": _m("belemmering", "obstacle"),
    "review.kind.helped": _m("wat hielp", "what helped"),
    "review.yes": _m("ja", "yes"),
    "review.themes.theme": _m("Thema", "Theme"),
    "review.themes.definition": _m("Omschrijving", "Definition"),
    "review.prompt": _m(
        "Kies het juiste thema; meerdere thema's scheidt u met ';' (belangrijkste eerst).",
        "Choose the right theme; separate several themes with ';' (most important first).",
    ),
    "review.about.round": _m("Ronde", "Round"),
    "review.about.explanation": _m("Uitleg", "Explanation"),
    "review.about.text": _m(
        "Vul in kolom H het juiste thema in waar het voorstel niet klopt. De volgende 'samenspel run' neemt "
        "uw thema's over; laat de kolom leeg als het voorstel klopt.",
        "Fill in the right theme in column H where the proposal is wrong. The next 'samenspel run' takes over "
        "your themes; leave the column empty where the proposal is right.",
    ),
    "review.arg.round_dir": _m("de rondemap met round.toml", "the round folder with round.toml"),
    "review.arg.lang": _m(
        "taal van de werkmap en de meldingen (standaard: de taal van de ronde, Nederlands)",
        "language of the workbook and the messages (default: the round's language, Dutch)",
    ),
    "review.unreadable": _m(
        "{path} kan niet worden gelezen als werkmap ({reason}).",
        "{path} cannot be read as a workbook ({reason}).",
    ),
    "review.unreadable.hint": _m(
        "Sla het bestand in het rekenblad opnieuw op als .xlsx, of verwijder het en draai 'samenspel review' opnieuw.",
        "Save it again as .xlsx from the spreadsheet, or delete it and run 'samenspel review' anew.",
    ),
    "review.no_sheet": _m("{path} heeft geen blad '{sheet_nl}' (of '{sheet_en}').",
                          "{path} has no sheet '{sheet_en}' (or '{sheet_nl}')."),
    "review.no_sheet.hint": _m(
        "Geef het blad zijn naam terug, of verwijder het bestand en draai 'samenspel review' opnieuw.",
        "Do not rename the sheet; or delete the file and run 'samenspel review' anew.",
    ),
    "review.other_round": _m(
        "{path}, blad '{sheet}', cel B1: de werkmap hoort bij ronde {found!r}, niet bij {round!r}.",
        "{path}, sheet '{sheet}', cell B1: the workbook belongs to round {found!r}, not to {round!r}.",
    ),
    "review.no_round": _m(
        "{path}, blad '{sheet}', cel B1: de werkmap zegt niet bij welke ronde hij hoort; deze ronde is {round!r}.",
        "{path}, sheet '{sheet}', cell B1: the workbook does not say which round it belongs to; this round is {round!r}.",
    ),
    "review.other_round.hint": _m(
        "Zet de eigen werkmap van deze ronde in {folder}/, of verwijder het bestand en draai 'samenspel review' opnieuw.",
        "Put this round's own workbook in {folder}/, or delete the file and run 'samenspel review' anew.",
    ),
    "review.empty_key": _m(
        "{path}, blad '{sheet}', rij {row}, cel A{row}: er staat een thema, maar de sleutel is leeg.",
        "{path}, sheet '{sheet}', row {row}, cell A{row}: a theme is given but the key is empty.",
    ),
    "review.empty_key.hint": _m(
        "Verander of wis de sleutels in kolom A niet; kopieer de sleutel terug uit een eerdere werkmap.",
        "Do not change or clear the keys in column A; copy the key back from an earlier workbook.",
    ),
    "review.unknown_theme": _m(
        "{path}, blad '{sheet}', rij {row}, cel {cell}: {given!r} is geen thema van deze gemeenschap.",
        "{path}, sheet '{sheet}', row {row}, cell {cell}: {given!r} is not a theme of this community.",
    ),
    "review.unknown_theme.hint": _m(
        "Kies uit de keuzelijst (blad '{themes_sheet}'): {names}; scheid meerdere thema's met ';'.",
        "Choose from the drop-down (sheet '{themes_sheet}'): {names}; separate several with ';'.",
    ),
    "review.unknown_key": _m(
        "{path}, blad '{sheet}', rij {row}, cel A{row}: de sleutel {answer!r} hoort bij geen enkel antwoord van deze ronde.",
        "{path}, sheet '{sheet}', row {row}, cell A{row}: the key {answer!r} matches no answer of this round.",
    ),
    "review.unknown_key.hint": _m(
        "Verander de sleutels in kolom A niet. Wis het thema in deze rij, of verwijder het bestand en draai "
        "'samenspel review' opnieuw.",
        "Do not change the keys in column A. Clear this row's theme, or delete the file and run "
        "'samenspel review' anew.",
    ),
    # -- run ---------------------------------------------------------------------------------
    "run.arg.round_dir": _m(
        "de rondemap met round.toml (standaard: de laatste ronde van de demo)",
        "the round folder with round.toml (default: the demo community's latest round)",
    ),
    "run.arg.out": _m(
        "waar de rapporten komen (standaard: reports/<ronde-id>/)",
        "where the reports go (default: reports/<round-id>/)",
    ),
    "run.arg.lang": _m(
        "taal van de rapporten en meldingen (standaard: de taal van de ronde, Nederlands)",
        "language of the reports and messages (default: the round's language, Dutch)",
    ),
    "run.arg.jobs": _m(
        "aantal rapporten tegelijk (standaard: alle processorkernen)",
        "reports built at the same time (default: all cores)",
    ),
    "run.arg.export_set": _m(
        "deze opgehaalde set gebruiken (een mapnaam onder exports/) in plaats van de nieuwste",
        "use this fetched set (a folder name under exports/) instead of the newest one",
    ),
    "run.arg.notebooks": _m(
        "ook je eigen notebooks uit DIR draaien en ze koppelen bij de onderzoekersbestanden",
        "also run your own notebooks from DIR and link them in the researcher section",
    ),
    "run.jobs": _m("--jobs {jobs} is geen aantal processen.", "--jobs {jobs} is not a number of workers."),
    "run.jobs.hint": _m("Gebruik --jobs 1 of meer.", "Use --jobs 1 or more."),
    "run.no_rounds": _m("{folder} bevat geen rondemappen.", "{folder} holds no round folders."),
    "run.no_rounds.hint": _m("Geef een ROUND_DIR op.", "Give a ROUND_DIR."),
    "run.progress": _m("samenspel {round}", "samenspel {round}"),
    "run.stale": _m(
        "{n} bouwmap(pen) opgeruimd die waren blijven staan van runs die zijn afgebroken: {names}",
        "removed {n} build folder(s) left by runs that were stopped: {names}",
    ),
    "run.written": _m("geschreven: {page}", "written: {page}"),
    "run.done": _m(
        "De rapporten van {title} ({initiatives} initiatieven) staan in {out}/ — open {index}. "
        "privacyscan: {findings} bevindingen; {seconds:.1f} s; met de hand verbeterde thema's: {corrected}.",
        "Reports for {title} ({initiatives} initiatives) are in {out}/ — open {index}. "
        "privacy scan: {findings} findings; {seconds:.1f} s; themes corrected by hand: {corrected}.",
    ),
    # -- demo --------------------------------------------------------------------------------
    "demo.arg.out": _m(
        "de map voor de demo: een kopie van de rondes en hun rapporten (standaard: ./samenspel-demo/)",
        "the folder for the demo: a copy of the rounds and their reports (default: ./samenspel-demo/)",
    ),
    "demo.arg.lang": _m(
        "taal van de rapporten en meldingen (standaard: Nederlands)",
        "language of the reports and messages (default: Dutch)",
    ),
    "demo.not_a_folder": _m("{out} is een bestand, geen map.", "{out} is a file, not a folder."),
    "demo.not_a_folder.hint": _m("Kies met --out een map.", "Choose a folder with --out."),
    "demo.not_empty": _m(
        "{out} bestaat al en bevat geen eerdere demo; er is niets in veranderd.",
        "{out} already exists and holds no earlier demo; nothing in it was changed.",
    ),
    "demo.not_empty.hint": _m(
        "Kies met --out een nieuwe of lege map, bijvoorbeeld --out samenspel-demo-2.",
        "Choose a new or empty folder with --out, for example --out samenspel-demo-2.",
    ),
    "demo.copied": _m(
        "De rondes van de demo zijn gekopieerd naar {surveys}; daar draait samenspel ze.",
        "The demo's rounds were copied to {surveys}; samenspel runs them from there.",
    ),
    "demo.reused": _m(
        "De kopie van de demo in {surveys} wordt opnieuw gebruikt.",
        "The copy of the demo in {surveys} is used again.",
    ),
    "demo.done": _m(
        "De demo is klaar: open {index} in een browser (ook zonder internet).",
        "The demo is ready: open {index} in a browser (also without internet).",
    ),
    # -- validate ----------------------------------------------------------------------------
    "validate.arg.path": _m(
        "een export (csv, json, xlsx, VV), een structuur (.lss, .tsv, .json), een .lsa of een rondemap",
        "a response export (csv, json, xlsx, VV), a structure (.lss, .tsv, .json), an .lsa or a round folder",
    ),
    "validate.arg.json": _m(
        "één JSON-object tonen in plaats van een leesbare samenvatting",
        "print one JSON object instead of a readable summary",
    ),
    "validate.arg.structure": _m(
        "de enquêtestructuur om de export mee te lezen (standaard: de enige .lss ernaast, als die er is)",
        "the survey structure to read the export with (default: the one .lss beside it, if any)",
    ),
    "validate.arg.max_megabytes": _m(
        "bestanden groter dan dit weigeren (standaard: 200)",
        "refuse files larger than this (default: 200)",
    ),
    "validate.max_megabytes": _m(
        "--max-megabytes moet meer dan 0 zijn, niet {value}.",
        "--max-megabytes must be more than 0, not {value}.",
    ),
    "validate.max_megabytes.hint": _m("Bijvoorbeeld --max-megabytes 500.", "For example --max-megabytes 500."),
    "validate.format": _m("  formaat:     {kind}", "  format:      {kind}"),
    "validate.styles": _m(
        ", kopjes als {heading}, antwoorden als {answer}",
        ", {heading} headings, {answer} answers",
    ),
    "validate.encoding": _m("  codering:    {encoding}", "  encoding:    {encoding}"),
    "validate.separated": _m(", gescheiden door {delimiter}", ", {delimiter}-separated"),
    "validate.delimiter.;": _m("puntkomma", "semicolon"),
    "validate.delimiter.,": _m("komma", "comma"),
    "validate.delimiter.tab": _m("tab", "tab"),
    "validate.survey": _m("  enquête:     {survey}", "  survey:      {survey}"),
    "validate.responses": _m(
        "  antwoorden:  {responses} ({complete} volledig, {incomplete} onvolledig)",
        "  responses:   {responses} ({complete} complete, {incomplete} incomplete)",
    ),
    "validate.ledger": _m("  grootboek:   {ledger}", "  ledger:      {ledger}"),
    "validate.status.included": _m("opgenomen", "included"),
    "validate.status.incomplete": _m("onvolledig", "incomplete"),
    "validate.status.superseded": _m("vervangen door een latere poging", "superseded"),
    "validate.status.empty": _m("leeg", "empty"),
    "validate.questions": _m("  vragen:      {count} ({types})", "  questions:   {count} ({types})"),
    "validate.of_type": _m("{n}× {type}", "{n}× {type}"),
    "validate.of_letter": _m("type {letter}", "type {letter}"),
    "validate.kind.csv": _m("CSV-export", "CSV export"),
    "validate.kind.xlsx": _m("Excel-export", "Excel export"),
    "validate.kind.json": _m("JSON-export", "JSON export"),
    "validate.kind.vv": _m("VV-export (voor herimport)", "VV export (for re-import)"),
    "validate.kind.lsr": _m("LimeSurvey-antwoordbestand (.lsr)", "LimeSurvey response file (.lsr)"),
    "validate.kind.lsa": _m("LimeSurvey-archief (.lsa)", "LimeSurvey archive (.lsa)"),
    "validate.kind.round": _m("rondemap", "round folder"),
    "validate.kind.structure-lss": _m("enquêtestructuur (.lss)", "survey structure (.lss)"),
    "validate.kind.structure-tsv": _m("enquêtestructuur (tab-gescheiden)", "survey structure (tab-separated)"),
    "validate.kind.structure-json": _m("enquêtestructuur (JSON)", "survey structure (JSON)"),
    "validate.kind.structure-rc2": _m("enquêtestructuur (uit de RemoteControl-API)", "survey structure (from the RemoteControl API)"),
    "validate.heading.code": _m("vraagcode", "question code"),
    "validate.heading.codetext": _m("vraagcode met tekst", "question code and text"),
    "validate.heading.sgqa": _m("SGQA-code", "SGQA code"),
    "validate.heading.emcode": _m("expressiecode", "expression code"),
    "validate.heading.full": _m("volledige vraagtekst", "full question text"),
    "validate.heading.abbreviated": _m("ingekorte vraagtekst", "abbreviated question text"),
    "validate.heading.unknown": _m("onbekend", "unknown"),
    "validate.answer.short": _m("antwoordcode", "answer code"),
    "validate.answer.long": _m("volledige antwoordtekst", "full answer text"),
    # LimeSurvey's question types, by their letter
    "validate.qtype.1": _m("matrix met twee schalen", "array dual scale"),
    "validate.qtype.5": _m("5-puntskeuze", "5 point choice"),
    "validate.qtype.A": _m("matrix (5-puntskeuze)", "array (5 point choice)"),
    "validate.qtype.B": _m("matrix (10-puntskeuze)", "array (10 point choice)"),
    "validate.qtype.C": _m("matrix (ja/nee/weet niet)", "array (yes/no/uncertain)"),
    "validate.qtype.D": _m("datum/tijd", "date/time"),
    "validate.qtype.E": _m("matrix (meer/gelijk/minder)", "array (increase/same/decrease)"),
    "validate.qtype.F": _m("matrix", "array"),
    "validate.qtype.G": _m("geslacht", "gender"),
    "validate.qtype.H": _m("matrix per kolom", "array by column"),
    "validate.qtype.I": _m("taalkeuze", "language switch"),
    "validate.qtype.K": _m("meerdere getallen", "multiple numerical input"),
    "validate.qtype.L": _m("lijst (keuzerondjes)", "list (radio)"),
    "validate.qtype.M": _m("meerkeuze", "multiple choice"),
    "validate.qtype.N": _m("getal", "numerical input"),
    "validate.qtype.O": _m("lijst met opmerking", "list with comment"),
    "validate.qtype.P": _m("meerkeuze met opmerkingen", "multiple choice with comments"),
    "validate.qtype.Q": _m("meerdere korte teksten", "multiple short text"),
    "validate.qtype.R": _m("rangorde", "ranking"),
    "validate.qtype.S": _m("korte vrije tekst", "short free text"),
    "validate.qtype.T": _m("lange vrije tekst", "long free text"),
    "validate.qtype.U": _m("zeer lange vrije tekst", "huge free text"),
    "validate.qtype.X": _m("tekst zonder vraag", "text display"),
    "validate.qtype.Y": _m("ja/nee", "yes/no"),
    "validate.qtype.!": _m("lijst (uitklapmenu)", "list (dropdown)"),
    "validate.qtype.:": _m("matrix (getallen)", "array (numbers)"),
    "validate.qtype.;": _m("matrix (teksten)", "array (texts)"),
    "validate.qtype.|": _m("bestand uploaden", "file upload"),
    "validate.qtype.*": _m("vergelijking", "equation"),
    "validate.languages": _m("  talen:       {languages}", "  languages:   {languages}"),
    "validate.unknown": _m("onbekend", "unknown"),
    "validate.unmapped": _m("  niet herkend: {n} kolom(men){columns}", "  unmapped:    {n} column(s){columns}"),
    "validate.warning": _m("  let op:      {warning}", "  warning:     {warning}"),
    # -- init --------------------------------------------------------------------------------
    "init.arg.round_dir": _m("de rondemap om te maken of aan te vullen", "the round folder to create or fill"),
    "init.arg.export": _m("de export met antwoorden (of het .lsa-archief)", "the responses export (or .lsa archive)"),
    "init.arg.structure": _m(
        "de enquêtestructuur (.lss, .lsa, .tsv); standaard: het archief zelf of de enige .lss naast de export",
        "the survey structure (.lss, .lsa, .tsv); default: the archive itself or the one .lss beside the export",
    ),
    "init.arg.id": _m("de naam van de ronde (standaard: de mapnaam)", "the round id (default: the folder name)"),
    "init.arg.force": _m("een bestaande round.toml vervangen", "replace an existing round.toml"),
    "init.exists": _m("{target} bestaat al; het is gelaten zoals het was.", "{target} already exists; it was left as it is."),
    "init.exists.hint": _m(
        "Controleer en bewerk het met de hand, of voeg --force toe om het te vervangen.",
        "Check and edit it by hand, or add --force to replace it.",
    ),
    "init.is_file": _m("{folder} is een bestand, geen map.", "{folder} is a file, not a folder."),
    "init.is_file.hint": _m("Geef een map voor de ronde.", "Give a folder for the round."),
    "init.no_structure": _m(
        "Geen enkele enquêtestructuur (.lss) gevonden naast {export}.",
        "No single survey structure (.lss) found beside {export}.",
    ),
    "init.no_structure.hint": _m(
        "Voeg --structure BESTAND toe met de .lss van de enquête (LimeSurvey: Exporteren > Enquêtestructuur).",
        "Add --structure FILE with the survey's .lss (LimeSurvey: Export > Survey structure).",
    ),
    "init.unmapped": _m(
        "{export}: {n} kolom(men) horen niet bij enquête {survey}: {columns}.",
        "{export}: {n} column(s) do not belong to survey {survey}: {columns}.",
    ),
    "init.unmapped.hint": _m(
        "Controleer of de export en de structuur van dezelfde enquête komen.",
        "Check that the export and the structure come from the same survey.",
    ),
    "init.no_roles": _m(
        "samenspel vond geen vraag voor: {roles} in enquête {survey}.",
        "samenspel could not find a question for: {roles} in survey {survey}.",
    ),
    "init.no_roles.hint": _m(
        "Schrijf round.toml met de hand; de vragen van de enquête zijn: {codes}.",
        "Write round.toml by hand; the survey's questions are: {codes}.",
    ),
    "init.none": _m("geen", "none"),
    "init.wrote": _m(
        "{target} geschreven: initiative = {initiative}, obstacles = {obstacles}, helped = {helped}, "
        "aspects = {aspects}, personal = {personal}.",
        "Wrote {target}: initiative = {initiative}, obstacles = {obstacles}, helped = {helped}, "
        "aspects = {aspects}, personal = {personal}.",
    ),
    "init.next": _m(
        "Controleer de tabellen [questions] en [privacy] en draai dan: samenspel run {folder}",
        "Check the [questions] and [privacy] tables, then run: samenspel run {folder}",
    ),
    # -- fetch -------------------------------------------------------------------------------
    "fetch.arg.round_dir": _m(
        "rondemap waarvan round.toml een tabel [limesurvey] heeft",
        "round folder whose round.toml has a [limesurvey] table",
    ),
    "fetch.arg.timeout": _m(
        "hoe lang op elk antwoord van LimeSurvey te wachten (standaard: 120; verbinden: hoogstens 10)",
        "how long to wait for each answer from LimeSurvey (default: 120; connecting: at most 10)",
    ),
    "fetch.arg.insecure_http": _m(
        "een http://-adres buiten deze computer toch gebruiken (wachtwoord en antwoorden gaan dan onversleuteld over het netwerk)",
        "use an http:// address off this computer anyway (the password and the answers then cross the network unencrypted)",
    ),
    "fetch.epilog": _m(
        "Het wachtwoord komt uit de omgevingsvariabele {variable}, nooit uit een bestand. Elke keer ophalen "
        "schrijft een nieuwe map exports/fetched-<UTC-tijd>/ met een manifest; eerdere downloads blijven bewaard.",
        "The password is read from the environment variable {variable}, never from a file. Each fetch writes "
        "a new folder exports/fetched-<UTC time>/ with a manifest; earlier downloads are kept.",
    ),
    "fetch.no_table": _m(
        "{file} heeft geen tabel [limesurvey], dus er is niets om op te halen.",
        "{file} has no [limesurvey] table, so there is nothing to fetch from.",
    ),
    "fetch.no_table.hint": _m(
        'Voeg [limesurvey] toe met url = "https://…/index.php/admin/remotecontrol", survey_id = 123456 '
        'en username = "…"; het wachtwoord hoort in de omgevingsvariabele {variable}.',
        'Add [limesurvey] with url = "https://…/index.php/admin/remotecontrol", survey_id = 123456 '
        'and username = "…"; the password goes in the environment variable {variable}.',
    ),
    "fetch.no_password": _m(
        "De omgevingsvariabele {variable} is niet gezet, dus samenspel kan niet inloggen bij LimeSurvey als {username!r}.",
        "The environment variable {variable} is not set, so samenspel cannot log in to LimeSurvey as {username!r}.",
    ),
    "fetch.no_password.hint": _m(
        "Zet hem alleen voor deze opdracht, bijv. '{variable}=… samenspel fetch {folder}' (of lees hem eerst in "
        "met 'read -s'); schrijf het wachtwoord nooit in round.toml of een ander bestand.",
        "Set it for this command only, e.g. '{variable}=… samenspel fetch {folder}' (or 'read -s' it first); "
        "never write the password in round.toml or any other file.",
    ),
    "fetch.password_missing": _m(
        "Er is geen LimeSurvey-wachtwoord gegeven voor gebruiker {username!r}.",
        "No LimeSurvey password was given for user {username!r}.",
    ),
    "fetch.password_missing.hint": _m(
        "Zet de omgevingsvariabele {variable} voor deze opdracht; zet het nooit in een bestand.",
        "Set the environment variable {variable} for this command; never put it in a file.",
    ),
    "fetch.timeout": _m(
        "--timeout moet meer dan 0 seconden zijn, niet {value:g}.",
        "--timeout must be more than 0 seconds, not {value:g}.",
    ),
    "fetch.timeout.hint": _m("Bijvoorbeeld --timeout 300.", "For example --timeout 300."),
    "fetch.not_an_address": _m("{where}: {url!r} is geen webadres.", "{where}: {url!r} is not a web address."),
    "fetch.not_an_address.hint": _m(
        "Gebruik het volledige RemoteControl-adres, bijv. https://enquete.example.org/index.php/admin/remotecontrol.",
        "Use the full RemoteControl address, e.g. https://enquete.example.org/index.php/admin/remotecontrol.",
    ),
    "fetch.credentials_in_url": _m(
        "{where}: het adres bevat een gebruikersnaam of wachtwoord.",
        "{where}: the url contains a user name or password.",
    ),
    "fetch.credentials_in_url.hint": _m(
        "Haal ze uit het adres: de gebruikersnaam hoort in [limesurvey] username en het wachtwoord in de "
        "omgevingsvariabele {variable}, nooit in een bestand.",
        "Remove them from the url: put the user name in [limesurvey] username and the password in the "
        "environment variable {variable}, never in a file.",
    ),
    "fetch.plain_http": _m(
        "{where}: {url} begint met http://, dus het wachtwoord en alle antwoorden zouden onversleuteld over het "
        "netwerk naar {host} gaan; samenspel heeft geen verbinding gemaakt.",
        "{where}: {url} starts with http://, so the password and every answer would cross the network to {host} "
        "unencrypted; samenspel did not connect.",
    ),
    "fetch.plain_http.hint": _m(
        "Gebruik het https://-adres van de server. Kan dat echt niet (een testserver in een afgeschermd "
        "netwerk), voeg dan --insecure-http toe.",
        "Use the server's https:// address. If that is really impossible (a test server on a closed network), "
        "add --insecure-http.",
    ),
    "fetch.insecure_warning": _m(
        "samenspel: let op: {url} is onversleuteld (http://); het wachtwoord gaat leesbaar over het netwerk.",
        "samenspel: warning: {url} is unencrypted (http://); the password crosses the network readable.",
    ),
    "fetch.done": _m(
        "samenspel: enquête {survey} opgehaald in {where}: {counts}, {files} bestanden{version}.{note}",
        "samenspel: fetched survey {survey} into {where}: {counts}, {files} files{version}.{note}",
    ),
    "fetch.counts": _m(
        "{responses} antwoorden ({complete} volledig, {incomplete} onvolledig)",
        "{responses} responses ({complete} complete, {incomplete} incomplete)",
    ),
    "fetch.version": _m(", LimeSurvey {version}", ", LimeSurvey {version}"),
    "fetch.empty": _m(
        "samenspel: enquête {survey} heeft nog geen antwoorden. De structuur is opgehaald in {where} "
        "({files} bestanden{version}); haal de ronde opnieuw op als er mensen hebben geantwoord.",
        "samenspel: survey {survey} has no responses yet. Its structure was fetched into {where} "
        "({files} files{version}); fetch the round again once people have answered.",
    ),
    "fetch.exports_note": _m(
        " Let op: round.toml [exports] noemt een antwoordenbestand, dus 'samenspel run' leest dat bestand; "
        "haal responses en structure weg uit [exports] om de nieuwste download te gebruiken.",
        " Note: round.toml [exports] names a responses file, so 'samenspel run' reads that file; "
        "remove responses and structure from [exports] to use the newest download.",
    ),
    "fetch.write_failed": _m(
        "De download kon niet worden weggeschreven in {folder}: {reason}. Er is niets bewaard.",
        "Could not write the download into {folder}: {reason}. Nothing was saved.",
    ),
    "fetch.write_failed.hint": _m(
        "Controleer of er schijfruimte vrij is en of je in de rondemap mag schrijven, en haal opnieuw op.",
        "Check that there is free disk space and that you may write in the round folder, then fetch again.",
    ),
    "fetch.not_utf8": _m(
        "De export met antwoorden die LimeSurvey stuurde is geen UTF-8-tekst; er is niets bewaard.",
        "The responses export LimeSurvey sent is not UTF-8 text; nothing was saved.",
    ),
    "fetch.not_utf8.hint": _m(
        "Probeer het opnieuw; gebeurt het steeds, laat dit dan zien aan de beheerder van LimeSurvey.",
        "Try again; if it keeps happening, show this to the LimeSurvey administrator.",
    ),
    # -- talking to LimeSurvey ---------------------------------------------------------------
    "fetch.reason.refused": _m("de verbinding werd geweigerd", "the connection was refused"),
    "fetch.reason.unknown_host": _m("de servernaam is onbekend", "the host name is unknown"),
    "fetch.reason.timed_out": _m("het verbinden duurde te lang", "the connection timed out"),
    "fetch.reason.no_connection": _m("er kon geen verbinding worden gemaakt", "no connection could be made"),
    "fetch.reason.certificate": _m("het certificaat kon niet worden gecontroleerd", "its certificate could not be verified"),
    "fetch.reason.tls_failed": _m("de beveiligde verbinding mislukte", "the secure connection failed"),
    "fetch.session_expired": _m(
        "LimeSurvey op {url} weigerde de sessiesleutel voor {method}, zelfs vlak na opnieuw inloggen.",
        "LimeSurvey at {url} rejected the session key for {method} even right after logging in again.",
    ),
    "fetch.session_expired.hint": _m(
        "Controleer of de klok en de sessie-instellingen van de server kloppen en probeer het opnieuw; "
        "gebeurt het steeds, vraag het dan de beheerder van LimeSurvey.",
        "Check that the server's clock and session settings are sane, then try again; "
        "if it keeps happening, ask the LimeSurvey administrator.",
    ),
    "fetch.tls": _m(
        "Er kon geen beveiligde (TLS-)verbinding worden gemaakt met LimeSurvey op {url}: {reason}.",
        "Could not set up a secure (TLS) connection to LimeSurvey at {url}: {reason}.",
    ),
    "fetch.tls.hint": _m(
        "Controleer de [limesurvey] url in round.toml (die eindigt op /index.php/admin/remotecontrol). Gebruikt "
        "de server een certificaat van je eigen organisatie, zet REQUESTS_CA_BUNDLE dan op dat "
        "certificaatbestand; zet de controle nooit uit.",
        "Check the [limesurvey] url in round.toml (it ends in /index.php/admin/remotecontrol). If the server "
        "uses a certificate from your own organisation, set REQUESTS_CA_BUNDLE to that certificate file; never "
        "switch verification off.",
    ),
    "fetch.unreachable": _m("LimeSurvey op {url} is niet bereikbaar: {reason}.", "Could not reach LimeSurvey at {url}: {reason}."),
    "fetch.unreachable.hint": _m(
        "Controleer de [limesurvey] url in round.toml (die eindigt op /index.php/admin/remotecontrol), of de "
        "server aanstaat, en je netwerkverbinding.",
        "Check the [limesurvey] url in round.toml (it ends in /index.php/admin/remotecontrol), that the server "
        "is up, and your network connection.",
    ),
    "fetch.slow": _m(
        "LimeSurvey op {url} gaf binnen {seconds:g} seconden geen antwoord op {method}.",
        "LimeSurvey at {url} did not answer {method} within {seconds:g} seconds.",
    ),
    "fetch.slow.hint": _m(
        "De server heeft het misschien druk: probeer het later opnieuw, of geef meer tijd met --timeout SECONDEN.",
        "The server may be busy: try again later, or allow more time with --timeout SECONDS.",
    ),
    "fetch.no_talk": _m("Er kon niet met LimeSurvey op {url} worden gepraat ({reason}).",
                        "Could not talk to LimeSurvey at {url} ({reason})."),
    "fetch.no_talk.hint": _m(
        "Controleer de [limesurvey] url in round.toml (die eindigt op /index.php/admin/remotecontrol) en of de "
        "server aanstaat.",
        "Check the [limesurvey] url in round.toml (it ends in /index.php/admin/remotecontrol) and that the "
        "server is up.",
    ),
    "fetch.empty_page": _m(
        "{url} beantwoordde {method} met een lege pagina in plaats van een JSON-RPC-antwoord.",
        "{url} answered {method} with an empty page instead of a JSON-RPC reply.",
    ),
    "fetch.empty_page.hint": _m(
        "Controleer de [limesurvey] url in round.toml (die eindigt op /index.php/admin/remotecontrol), en of "
        "RemoteControl aanstaat in LimeSurvey (Configuratie > Algemene instellingen > Interfaces: JSON-RPC).",
        "Check the [limesurvey] url in round.toml (it ends in /index.php/admin/remotecontrol), and that "
        "RemoteControl is switched on in LimeSurvey (Configuration > Global settings > Interfaces: JSON-RPC).",
    ),
    "fetch.mismatch": _m(
        "LimeSurvey op {url} beantwoordde {method} met een antwoord dat niet bij de vraag hoort.",
        "LimeSurvey at {url} answered {method} with a reply that does not belong to the request.",
    ),
    "fetch.mismatch.hint": _m(
        "De vraag is onderweg misschien veranderd (een proxy of firewall ertussen); controleer de "
        "[limesurvey] url in round.toml en probeer het opnieuw.",
        "The request may have been altered on the way (a proxy or firewall in between); "
        "check the [limesurvey] url in round.toml and try again.",
    ),
    "fetch.not_json_rpc": _m(
        "LimeSurvey op {url} beantwoordde {method} met iets dat geen JSON-RPC-antwoord is.",
        "LimeSurvey at {url} answered {method} with something that is not a JSON-RPC reply.",
    ),
    "fetch.not_json_rpc.hint": _m(
        "Controleer de [limesurvey] url in round.toml (die eindigt op /index.php/admin/remotecontrol); een "
        "proxy of inlogpagina vóór LimeSurvey kan dit veroorzaken.",
        "Check the [limesurvey] url in round.toml (it ends in /index.php/admin/remotecontrol); a proxy or "
        "login page in front of LimeSurvey can cause this.",
    ),
    "fetch.wrong_json": _m(
        "LimeSurvey op {url} beantwoordde {method} met JSON die geen JSON-RPC-antwoord is.",
        "LimeSurvey at {url} answered {method} with JSON that is not a JSON-RPC reply.",
    ),
    "fetch.wrong_json.hint": _m(
        "Controleer de [limesurvey] url in round.toml (die eindigt op /index.php/admin/remotecontrol); een "
        "proxy vóór LimeSurvey kan dit veroorzaken.",
        "Check the [limesurvey] url in round.toml (it ends in /index.php/admin/remotecontrol); a proxy in "
        "front of LimeSurvey can cause this.",
    ),
    "fetch.api_error": _m("LimeSurvey op {url} meldde een fout bij {method}: {error}",
                          "LimeSurvey at {url} reported an error for {method}: {error}"),
    "fetch.api_error.hint": _m(
        "Dit is de eigen melding van LimeSurvey; laat hem zien aan de beheerder van LimeSurvey.",
        "This is LimeSurvey's own message; show it to the LimeSurvey administrator.",
    ),
    "fetch.http_500": _m("LimeSurvey op {url} faalde met HTTP {status} bij {method}{detail}",
                         "LimeSurvey at {url} failed with HTTP {status} on {method}{detail}"),
    "fetch.http_500.hint": _m(
        "De server had een interne fout: probeer het later opnieuw; blijft het, laat deze melding dan zien aan "
        "de beheerder van LimeSurvey.",
        "The server had an internal error: try again later; if it persists, show this message to the "
        "LimeSurvey administrator.",
    ),
    "fetch.http_status": _m(
        "{url} beantwoordde {method} met HTTP {status} in plaats van een JSON-RPC-antwoord{detail}",
        "{url} answered {method} with HTTP {status} instead of a JSON-RPC reply{detail}",
    ),
    "fetch.http_status.hint": _m(
        "Controleer de [limesurvey] url in round.toml (die eindigt op /index.php/admin/remotecontrol). Gebruikt "
        "de server de vorm '?r=admin/remotecontrol', gebruik die dan (LimeSurvey antwoordt HTTP 400 als de vorm "
        "niet past bij zijn adresopmaak).",
        "Check the [limesurvey] url in round.toml (it ends in /index.php/admin/remotecontrol). If the server "
        "uses the '?r=admin/remotecontrol' form, use that instead (LimeSurvey answers HTTP 400 when the form "
        "does not match its URL format).",
    ),
    "fetch.login_failed": _m(
        "LimeSurvey op {url} weigerde het inloggen van gebruiker {username!r}: verkeerde gebruikersnaam of wachtwoord.",
        "LimeSurvey at {url} refused the login of user {username!r}: wrong user name or password.",
    ),
    "fetch.login_failed.hint": _m(
        "Controleer [limesurvey] username in round.toml en het wachtwoord in LIMESURVEY_PASSWORD. Let op: na "
        "drie mislukte pogingen weigert LimeSurvey deze computer tien minuten lang.",
        "Check [limesurvey] username in round.toml and the password in LIMESURVEY_PASSWORD. Careful: after "
        "three failed logins LimeSurvey locks this computer out for ten minutes.",
    ),
    "fetch.locked": _m(
        "LimeSurvey op {url} weigert inloggen vanaf deze computer na te veel mislukte pogingen.",
        "LimeSurvey at {url} refuses logins from this computer after too many failed attempts.",
    ),
    "fetch.locked.hint": _m(
        "Wacht tien minuten voor je het opnieuw probeert (tot dan wordt ook het goede wachtwoord geweigerd), "
        "en controleer eerst [limesurvey] username en het wachtwoord in LIMESURVEY_PASSWORD.",
        "Wait ten minutes before trying again (even the right password is refused until then), "
        "and check [limesurvey] username and the password in LIMESURVEY_PASSWORD first.",
    ),
    "fetch.no_permission": _m(
        "LimeSurvey op {url} weigerde {method}: {status!r}. De enquête bestaat niet, of gebruiker {username!r} "
        "mag hem niet lezen.",
        "LimeSurvey at {url} refused {method}: {status!r}. The survey does not exist, or user {username!r} "
        "may not read it.",
    ),
    "fetch.no_permission.hint": _m(
        "Controleer [limesurvey] survey_id in round.toml (het nummer in het adres van de enquête in LimeSurvey) "
        "en vraag de eigenaar van de enquête deze gebruiker toestemming te geven om antwoorden te exporteren.",
        "Check [limesurvey] survey_id in round.toml (the number in the survey's address in LimeSurvey) and ask "
        "the survey's owner to give this user permission to export responses.",
    ),
    "fetch.no_responses_yet": _m(
        "De enquête heeft nog geen antwoorden ({status}).",
        "The survey has no responses yet ({status}).",
    ),
    "fetch.status": _m("LimeSurvey op {url} weigerde {method}: {reply!r}.", "LimeSurvey at {url} refused {method}: {reply!r}."),
    "fetch.status.hint": _m(
        "Dit is de eigen melding van LimeSurvey; controleer de tabel [limesurvey] in round.toml, of laat de "
        "melding zien aan de beheerder van LimeSurvey.",
        "This is LimeSurvey's own message; check round.toml's [limesurvey] table, or show the message to the "
        "LimeSurvey administrator.",
    ),
    "fetch.unexpected_type": _m(
        "LimeSurvey op {url} beantwoordde {method} met {found} waar een {expected} werd verwacht.",
        "LimeSurvey at {url} answered {method} with {found} where a {expected} was expected.",
    ),
    "fetch.not_limesurvey.hint": _m(
        "Controleer of de [limesurvey] url wijst naar het RemoteControl-adres van een LimeSurvey 6.",
        "Check that the [limesurvey] url points at a LimeSurvey 6 RemoteControl endpoint.",
    ),
    "fetch.not_a_question": _m(
        "LimeSurvey op {url} beantwoordde list_questions met een item dat geen vraag is (qid, title of parent_qid ontbreekt).",
        "LimeSurvey at {url} answered list_questions with an entry that is not a question (it lacks qid, title or parent_qid).",
    ),
    "fetch.export_not_text": _m(
        "LimeSurvey op {url} beantwoordde export_responses met {found} in plaats van het bestand als base64-tekst.",
        "LimeSurvey at {url} answered export_responses with {found} instead of the file as base64 text.",
    ),
    "fetch.bad_base64": _m(
        "LimeSurvey op {url} stuurde een export met antwoorden die geen geldige base64 is ({length} tekens); "
        "er is niets bewaard.",
        "LimeSurvey at {url} sent a responses export that is not valid base64 ({length} characters); nothing was saved.",
    ),
    "fetch.bad_base64.hint": _m(
        "Probeer het opnieuw; gebeurt het steeds, dan verandert misschien een proxy het antwoord, of heeft de "
        "server te weinig geheugen: vraag het de beheerder van LimeSurvey.",
        "Try again; if it keeps happening, a proxy may be altering the reply, or the server may be out of "
        "memory: ask the LimeSurvey administrator.",
    ),
    # -- fetched export sets -----------------------------------------------------------------
    "sets.unknown": _m(
        "{exports} heeft geen opgehaalde exportset met de naam {name!r}.",
        "{exports} has no fetched export set called {name!r}.",
    ),
    "sets.unknown.hint": _m("Sets daar: {known}.", "Sets there: {known}."),
    "sets.none.hint": _m(
        "Haal er eerst een op met 'samenspel fetch ROUND_DIR'.",
        "Fetch one first with 'samenspel fetch ROUND_DIR'.",
    ),
    "sets.damaged": _m(
        "De exportset {folder} is onvolledig of veranderd na het ophalen (het manifest.json klopt niet met de bestanden).",
        "The export set {folder} is incomplete or was changed after it was fetched "
        "(its manifest.json does not match the files).",
    ),
    "sets.damaged.hint": _m(
        "Haal de ronde opnieuw op met 'samenspel fetch ROUND_DIR', of kies een andere set.",
        "Fetch the round again with 'samenspel fetch ROUND_DIR', or pick another set.",
    ),
    "sets.no_responses": _m(
        "Enquête {survey} had nog geen antwoorden toen hij op {fetched_at} werd opgehaald: {folder} bevat "
        "alleen de structuur van de enquête. Er is niets mis met de export.",
        "Survey {survey} had no responses yet when it was fetched at {fetched_at}: {folder} holds the "
        "survey's structure only. Nothing is wrong with the export.",
    ),
    "sets.no_responses.hint": _m(
        "Wacht tot er mensen hebben geantwoord en haal de ronde dan opnieuw op met 'samenspel fetch ROUND_DIR'.",
        "Wait until people have answered, then fetch the round again with 'samenspel fetch ROUND_DIR'.",
    ),
    # -- obstacles ---------------------------------------------------------------------------
    "obstacles.arg.csv": _m("een UTF-8-CSV-bestand met één antwoord per rij", "a UTF-8 CSV file with one answer per row"),
    "obstacles.arg.text_column": _m("de kolom met de vrije tekst", "the column with the free text"),
    "obstacles.arg.id_column": _m(
        "de kolom die een rij aanwijst (standaard: het rijnummer, vanaf 1)",
        "the column that identifies a row (default: the row number, from 1)",
    ),
    "obstacles.arg.codebook": _m(
        "een codeboek (TOML-bestand) (standaard: het ingebouwde Nederlandse codeboek)",
        "a codebook TOML file (default: the built-in Dutch codebook)",
    ),
    "obstacles.arg.out": _m(
        "waar id,theme,label,score komt (één rij per rij van de invoer)",
        "where to write id,theme,label,score (one row per input row)",
    ),
    "obstacles.arg.lang": _m(
        "taal van de labels en meldingen (standaard: nl)",
        "language of the labels and messages (default: nl)",
    ),
    "obstacles.arg.random_state": _m(
        "startwaarde voor het groeperen van antwoorden die het codeboek niet dekt (standaard: 0)",
        "seed for grouping the answers the codebook does not cover (default: 0)",
    ),
    "obstacles.arg.min_score": _m(
        "antwoorden die voor elk thema lager scoren vormen nieuwe groepen (standaard: 0.3)",
        "answers scoring lower for every theme form new groups (default: 0.3)",
    ),
    "obstacles.min_score": _m(
        "--min-score moet tussen 0 en 1 liggen, niet {value}.",
        "--min-score must lie between 0 and 1, not {value}.",
    ),
    "obstacles.min_score.hint": _m("Bijvoorbeeld --min-score 0.3.", "For example --min-score 0.3."),
    "obstacles.done": _m(
        "{rows} rijen: {answered} met een thema ({emergent} in nieuwe groepen), {unanswered} zonder antwoord. "
        "Geschreven naar {out}.",
        "{rows} rows: {answered} themed ({emergent} in new groups), {unanswered} without an answer. "
        "Written to {out}.",
    ),
    "obstacles.codebook_type": _m(
        "codebook moet een Codebook, een pad of None zijn, niet {kind}.",
        "codebook must be a Codebook, a path or None, not {kind}.",
    ),
    "obstacles.codebook_type.hint": _m(
        "Laad het met pipeline.obstacles.load_codebook(pad).",
        "Load it with pipeline.obstacles.load_codebook(path).",
    ),
    "obstacles.unknown_model": _m(
        "model moet een van {models} zijn, niet {model!r}.",
        "model must be one of {models}, not {model!r}.",
    ),
    "obstacles.unknown_model.hint": _m(
        'Gebruik model="supervised" (de standaard) of model="codebook".',
        'Use model="supervised" (the default) or model="codebook".',
    ),
    "obstacles.missing_columns": _m(
        "De antwoorden missen de kolom(men) {missing}, nodig om belemmeringen in thema's in te delen.",
        "The responses lack the column(s) {missing} needed to group obstacles.",
    ),
    "obstacles.missing_columns.hint": _m(
        "Aanwezige kolommen: {columns}. Controleer [questions] in round.toml.",
        "Columns present: {columns}. Check [questions] in round.toml.",
    ),
    # -- codebook ----------------------------------------------------------------------------
    "codebook.action_metavar": _m("ACTIE", "ACTION"),
    "codebook.copy": _m("een bewerkbare kopie van het ingebouwde codeboek schrijven", "write an editable copy of the built-in codebook"),
    "codebook.copy.file": _m("waar hij komt (mag nog niet bestaan)", "where to write it (must not exist yet)"),
    "codebook.check": _m("een codeboek controleren en de thema's opsommen", "check a codebook and list its themes"),
    "codebook.groups": _m(
        "de nieuwe groepen antwoorden opsommen die het codeboek niet dekt",
        "list the new groups of answers that the codebook does not cover",
    ),
    "codebook.promote": _m(
        "een van die groepen als thema aan het codeboek toevoegen",
        "add one of those groups to the codebook as a theme",
    ),
    "codebook.arg.source": _m("een rondemap, of een CSV-bestand met --text-column", "a round folder, or a CSV file with --text-column"),
    "codebook.arg.text_column": _m("de tekstkolom als SOURCE een CSV-bestand is", "the text column when SOURCE is a CSV file"),
    "codebook.arg.codebook": _m(
        "het codeboek (standaard: het codeboek dat round.toml noemt; nodig bij promote voor een CSV-bestand)",
        "the codebook (default: the one round.toml names; required for a CSV file when promoting)",
    ),
    "codebook.arg.random_state": _m("startwaarde (standaard: die van de ronde, of 0)", "seed (default: the round's, or 0)"),
    "codebook.arg.group": _m("de groep om te promoveren, bijv. emergent-2", "the group to promote, e.g. emergent-2"),
    "codebook.arg.id": _m(
        "de id van het nieuwe thema: kleine letters, cijfers, '-'",
        "the new theme's id: lower-case letters, digits, '-'",
    ),
    "codebook.arg.name": _m("de Nederlandse naam van het thema (standaard: het label van de groep)", "the theme's Dutch name (default: the group's label)"),
    "codebook.arg.name_en": _m("de Engelse naam van het thema", "the theme's English name"),
    "codebook.needs_text_column": _m(
        "{source} is geen rondemap, dus --text-column is nodig.",
        "{source} is not a round folder, so --text-column is needed.",
    ),
    "codebook.needs_text_column.hint": _m(
        "Geef de kolom met de antwoorden, bijvoorbeeld --text-column belemmeringen.",
        "Give the column with the answers, for example --text-column belemmeringen.",
    ),
    "codebook.no_action": _m("samenspel codebook heeft een actie nodig.", "samenspel codebook needs an action."),
    "codebook.no_action.hint": _m(
        "Gebruik copy, check, groups of promote (zie --help).",
        "Use copy, check, groups or promote (see --help).",
    ),
    "codebook.exists": _m("{file} bestaat al; het is gelaten zoals het was.", "{file} already exists; it was left as it is."),
    "codebook.exists.hint": _m("Kies een nieuwe bestandsnaam.", "Choose a new file name."),
    "codebook.copied": _m(
        "Een bewerkbaar codeboek is geschreven naar {file}.",
        "Wrote an editable codebook to {file}.",
    ),
    "codebook.copied.line": _m(
        "Schrijf in de round.toml van een rondemap ernaast ({round_file}):",
        "In the round.toml of a round folder beside it ({round_file}), write:",
    ),
    "codebook.copied.beside": _m(
        "Een rondemap ernaast zonder die regel gebruikt {file} vanzelf.",
        "A round folder beside it without that line uses {file} by itself.",
    ),
    "codebook.checked": _m("{file}: {n} thema's, allemaal geldig.", "{file}: {n} themes, all valid."),
    "codebook.theme_line": _m(
        "  {id:16s} {name} ({keywords} trefwoorden, {examples} voorbeelden)",
        "  {id:16s} {name} ({keywords} keywords, {examples} examples)",
    ),
    "codebook.no_groups": _m(
        "Elk antwoord past bij een thema van het codeboek: er zijn geen nieuwe groepen.",
        "Every answer fits a theme of the codebook: there are no new groups.",
    ),
    "codebook.group_line": _m("{id}: {label} ({size} antwoorden)", "{id}: {label} ({size} answers)"),
    "codebook.unknown_group": _m("Er is geen groep {group!r} in {source}.", "There is no group {group!r} in {source}."),
    "codebook.unknown_group.hint": _m("Gevonden groepen: {known}.", "Groups found: {known}."),
    "codebook.builtin": _m(
        "De antwoorden zijn gegroepeerd met het ingebouwde codeboek, en dat kan niet worden veranderd.",
        "The answers are grouped with the built-in codebook, which cannot be changed.",
    ),
    "codebook.builtin.hint": _m(
        "Maak een kopie met 'samenspel codebook copy BESTAND', laat round.toml ernaar wijzen "
        "([obstacles] codebook = ...) of geef --codebook BESTAND, en promoveer opnieuw.",
        "Make a copy with 'samenspel codebook copy FILE', point round.toml at it "
        "([obstacles] codebook = ...) or pass --codebook FILE, and promote again.",
    ),
    "codebook.promoted": _m(
        "Thema {id} ({name}) is toegevoegd aan {file} met trefwoorden: {keywords}.",
        "Added theme {id} ({name}) to {file} with keywords: {keywords}.",
    ),
    "codebook.promoted_next": _m(
        "Pas daar de trefwoorden, de omschrijving en de voorbeelden aan; de volgende run gebruikt ze.",
        "Edit its keywords, definition and examples there; the next run uses them.",
    ),
    # -- round.toml --------------------------------------------------------------------------
    "config.no_folder": _m("Rondemap {folder} bestaat niet.", "Round folder {folder} does not exist."),
    "config.no_folder.hint": _m(
        "Controleer het pad, of maak de map met 'samenspel init ROUND_DIR --export BESTAND'.",
        "Check the path, or create the folder with 'samenspel init ROUND_DIR --export FILE'.",
    ),
    "config.is_file": _m("{folder} is een bestand, geen rondemap.", "{folder} is a file, not a round folder."),
    "config.is_file.hint": _m(
        "Geef de map met round.toml en exports/.",
        "Give the folder that holds round.toml and exports/.",
    ),
    "config.no_round_file": _m("{folder} heeft geen {file}.", "{folder} has no {file}."),
    "config.no_round_file.hint": _m(
        "Maak er een met 'samenspel init ROUND_DIR --export BESTAND', of wijs de juiste map aan.",
        "Create one with 'samenspel init ROUND_DIR --export FILE', or point at the right folder.",
    ),
    "config.no_round_file.near": _m(
        "Er staat wel {near!r}: hernoem dat naar {file} (Kladblok voegt .txt toe en Windows verbergt dat; kies bij "
        "Opslaan als 'Alle bestanden').",
        "There is {near!r}: rename it to {file} (Notepad adds .txt and Windows hides it; choose 'All files' under "
        "Save as).",
    ),
    "config.no_round_file.above": _m("Bedoelt u de rondemap {above}? Daar staat {file} wel.",
                                     "Did you mean the round folder {above}? It has {file}."),
    "config.unknown_key": _m("{where}: onbekende sleutel {keys}.", "{where}: unknown key {keys}."),
    "config.unknown_keys": _m("{where}: onbekende sleutels {keys}.", "{where}: unknown keys {keys}."),
    "config.unknown_table": _m("{where}: onbekende tabel {keys}.", "{where}: unknown table {keys}."),
    "config.unknown_tables": _m("{where}: onbekende tabellen {keys}.", "{where}: unknown tables {keys}."),
    "config.unknown_keys.hint": _m(
        "Bekende sleutels daar: {known}. Verbeter de spelling of haal de regel weg.",
        "Known keys there: {known}. Fix the spelling or remove the line.",
    ),
    "config.expected_path": _m("{where}: verwacht een pad als tekst, gevonden {value}.",
                               "{where}: expected a path as text, found {value}."),
    "config.expected_list": _m("{where}: verwacht een lijst met teksten, gevonden {value}.",
                               "{where}: expected a list of texts, found {value}."),
    "config.expected_bool": _m("{where}: verwacht true of false, gevonden {value}.",
                               "{where}: expected true or false, found {value}."),
    "config.expected_int": _m("{where}: verwacht een geheel getal, gevonden {value}.",
                              "{where}: expected a whole number, found {value}."),
    "config.expected_not_negative": _m("{where}: verwacht een getal van 0 of meer, gevonden {value}.",
                                       "{where}: expected a number of 0 or more, found {value}."),
    "config.expected_positive": _m("{where}: verwacht een geheel getal van 1 of meer, gevonden {value}.",
                                   "{where}: expected a whole number of 1 or more, found {value}."),
    "config.expected_text": _m("{where}: verwacht een niet-lege tekst, gevonden {value}.",
                               "{where}: expected a non-empty text, found {value}."),
    "config.correct_value": _m("Verbeter de waarde in round.toml.", "Correct the value in round.toml."),
    "config.missing_keys": _m("{where}: {keys} ontbreekt.", "{where}: missing {keys}."),
    "config.missing_keys.hint": _m("Zet {keys} in de tabel [{table}] van round.toml.",
                                   "Add {keys} to the [{table}] table of round.toml."),
    "config.not_utf8": _m("{path} is geen leesbare tekst: regel {line} is beschadigd (half UTF-8).",
                          "{path} is not readable text: line {line} is damaged (partly UTF-8)."),
    "config.not_utf8.hint": _m("Herstel die regel en sla {name} op als UTF-8.", "Repair that line and save {name} as UTF-8."),
    "config.rtf": _m("{path} is opgeslagen als opgemaakte tekst (RTF), niet als platte tekst.",
                     "{path} was saved as formatted text (RTF), not as plain text."),
    "config.rtf.hint": _m(
        "Open het in TextEdit, kies Opmaak > Maak platte tekst en bewaar het weer als {name}.",
        "Open it in TextEdit, choose Format > Make Plain Text and save it again as {name}.",
    ),
    "config.not_text": _m("{path} is geen tekstbestand (het bevat binaire gegevens).",
                          "{path} is not a text file (it holds binary data)."),
    "config.not_text.hint": _m(
        "Bewaar {name} als platte tekst (Kladblok, TextEdit met 'Maak platte tekst'), niet als Word-document.",
        "Save {name} as plain text (Notepad, TextEdit with 'Make Plain Text'), not as a Word document.",
    ),
    "config.not_toml": _m("{path}, regel {line}, kolom {column}: de opmaak klopt niet ({text}).",
                          "{path}, line {line}, column {column}: the layout is wrong ({text})."),
    "config.not_toml.hint": _m(
        "Verbeter die regel: tekst staat tussen rechte aanhalingstekens (naam = \"tekst\"), een getal zonder, "
        "een lijst tussen [ ] met komma's.",
        "Correct that line: text goes between straight quotes (name = \"text\"), a number without, a list "
        "between [ ] with commas.",
    ),
    "config.not_toml.curly_quotes": _m(
        "Vervang de gekrulde aanhalingstekens (“ ” ‘ ’) op die regel door rechte (\"); Word en sommige "
        "teksteditors maken ze krul, gebruik Kladblok of een andere teksteditor.",
        "Replace the curly quotes (“ ” ‘ ’) on that line by straight ones (\"); Word and some editors curl "
        "them, use Notepad or another plain-text editor.",
    ),
    "config.not_toml.open_quote": _m(
        "Er ontbreekt een aanhalingsteken: zet de tekst op die regel tussen twee rechte aanhalingstekens (\"...\").",
        "A quote is missing: put the text on that line between two straight quotes (\"...\").",
    ),
    "config.not_toml.backslash": _m(
        "Schrijf een pad met / (\"exports/antwoorden.csv\") of tussen enkele aanhalingstekens "
        "('exports\\antwoorden.csv'): tussen dubbele aanhalingstekens is \\ een speciaal teken.",
        "Write a path with / (\"exports/antwoorden.csv\") or between single quotes ('exports\\antwoorden.csv'): "
        "between double quotes \\ is a special character.",
    ),
    "config.path_escapes": _m("{where} = {value} bevat een onzichtbaar teken: een \\ in het pad is als speciaal teken gelezen.",
                              "{where} = {value} holds an invisible character: a \\ in the path was read as a special character."),
    "config.not_toml_end": _m("{path} houdt op terwijl een tabel, lijst of tekst nog open staat.",
                              "{path} ends while a table, list or text is still open."),
    "config.not_toml_end.hint": _m("Sluit de laatste lijst met ] of de laatste tekst met \".",
                                   "Close the last list with ] or the last text with \"."),
    "config.previous_is_itself": _m("{where} = {value} wijst naar deze ronde zelf.",
                                    "{where} = {value} points at this round itself."),
    "config.previous_is_itself.hint": _m(
        "Zet daar de map van de vorige ronde (bijvoorbeeld \"../ronde-1\"), of haal de regel weg als dit de eerste ronde is.",
        "Put the folder of the round before it there (for example \"../ronde-1\"), or remove the line if this is the first round.",
    ),
    "config.no_previous": _m("{where}: {folder} is geen rondemap (er staat geen {file} in, of de map bestaat niet).",
                             "{where}: {folder} is not a round folder (it has no {file}, or does not exist)."),
    "config.no_previous.hint": _m("Verbeter de naam van de map van de vorige ronde, of haal de regel weg.",
                                  "Correct the name of the previous round's folder, or remove the line."),
    "config.no_previous.rounds": _m("Rondemappen die er wel zijn: {rounds}.", "Round folders that are there: {rounds}."),
    "config.previous_other_community": _m(
        "{where} wijst naar {previous}, een ronde van leergemeenschap {theirs}; deze ronde hoort bij {ours}.",
        "{where} points at {previous}, a round of learning community {theirs}; this round belongs to {ours}.",
    ),
    "config.previous_other_community.hint": _m(
        "Zet daar de vorige ronde van deze leergemeenschap, of verbeter [round] community in een van beide bestanden.",
        "Put this community's previous round there, or correct [round] community in one of the two files.",
    ),
    "config.same_export_as_previous": _m(
        "{path} is precies hetzelfde bestand als de export van de vorige ronde ({round}: {previous}).",
        "{path} is exactly the same file as the previous round's export ({round}: {previous}).",
    ),
    "config.same_export_as_previous.hint": _m(
        "Zet de export van deze ronde in de map exports/ (LimeSurvey: Antwoorden > Exporteren) en noem hem in round.toml.",
        "Put this round's export in the exports/ folder (LimeSurvey: Responses > Export) and name it in round.toml.",
    ),
    "config.no_round_table": _m("{path} heeft geen tabel [round].", "{path} has no [round] table."),
    "config.no_round_table.hint": _m("Voeg een tabel [round] toe met ten minste id en title.",
                                     "Add a [round] table with at least id and title."),
    "config.round_key_missing": _m("{where} ontbreekt of is leeg.", "{where} is missing or empty."),
    "config.round_key_missing.hint": _m('Zet {name} = "..." in de tabel [round].',
                                        'Add {name} = "..." to the [round] table.'),
    "config.bad_round_id": _m("{where}: {value} kan geen mapnaam zijn (op Windows, Mac of Linux).",
                              "{where}: {value} cannot be a folder name (on Windows, macOS or Linux)."),
    "config.bad_round_id.hint": _m(
        'Gebruik letters, cijfers en streepjes, bijvoorbeeld "2026-voorjaar".',
        'Use letters, digits and dashes, for example "2026-voorjaar".',
    ),
    "config.bad_language": _m("{where}: {value} is geen taal voor de rapporten.",
                              "{where}: {value} is not a report language."),
    "config.bad_language.hint": _m("Gebruik een van: {known}.", "Use one of: {known}."),
    "config.expected_table_size": _m(
        "{where}: verwacht twee gehele getallen, de kleinste eerst, bijvoorbeeld [3, 6]; gevonden {value}.",
        "{where}: expected two whole numbers, smallest first, e.g. [3, 6]; found {value}.",
    ),
    "meeting.table_size": _m(
        "[meeting] table_size = [{low}, {high}] is geen reeks tafelgroottes.",
        "[meeting] table_size = [{low}, {high}] is not a range of table sizes.",
    ),
    "meeting.table_size.hint": _m(
        "Geef de kleinste en de grootste tafel, bijvoorbeeld table_size = [3, 6].",
        "Give the smallest and the largest table, e.g. table_size = [3, 6].",
    ),
    "meeting.cannot_seat": _m(
        "{n} initiatieven passen niet aan tafels van {low} tot {high}.",
        "{n} initiatives cannot be seated at tables of {low} to {high}.",
    ),
    "meeting.cannot_seat.hint": _m(
        "Maak [meeting] table_size in round.toml ruimer, bijvoorbeeld table_size = [3, 6].",
        "Widen [meeting] table_size in round.toml, e.g. table_size = [3, 6].",
    ),
    "config.expected_labels": _m(
        '{where}: verwacht een tabel zoals {{ambitie = "Ambitie"}} of {{ambitie = {{nl = "Ambitie", en = "Ambition"}}}}, gevonden {value}.',
        '{where}: expected a table such as {{ambitie = "Ambitie"}} or {{ambitie = {{nl = "Ambitie", en = "Ambition"}}}}, found {value}.',
    ),
    "config.no_codebook": _m("{where}: {path} bestaat niet.", "{where}: {path} does not exist."),
    "config.no_codebook.hint": _m(
        "Verbeter het pad (het is relatief aan round.toml), of haal de regel weg voor het ingebouwde codeboek.",
        "Correct the path (it is relative to round.toml), or remove the line to use the built-in codebook.",
    ),
    "config.no_codebook.beside": _m(
        'Het codeboek van de gemeenschap staat een map hoger: schrijf codebook = "../{name}" in [obstacles], '
        "of haal de regel weg (een {name} naast de rondemappen wordt vanzelf gebruikt).",
        'The community\'s codebook is one folder up: write codebook = "../{name}" in [obstacles], '
        "or remove the line (a {name} beside the round folders is used by itself).",
    ),
    "codebook.unknown_keys.hint": _m(
        "Bekende sleutels in een thema: {known}. Verbeter de spelling of haal de regel weg.",
        "Known keys in a theme: {known}. Fix the spelling or remove the line.",
    ),
    "codebook.unknown_tables.hint": _m(
        "Een codeboek heeft alleen een tabel [codebook] en tabellen [[theme]].",
        "A codebook has a [codebook] table and [[theme]] tables only.",
    ),
    "config.not_a_table": _m("{path}: [{table}] moet een tabel zijn.", "{path}: [{table}] must be a table."),
    "config.not_a_table.hint": _m("Zie de README voor een voorbeeld.", "See the README for an example."),
    # -- reading files -----------------------------------------------------------------------
    "ingest.what.lsa": _m("enquêtearchief (.lsa)", "survey archive (.lsa)"),
    "ingest.what.xlsx": _m("Excel-werkmap (.xlsx)", "Excel workbook (.xlsx)"),
    "ingest.too_large": _m("{path} is {megabytes:.1f} MB, meer dan de grens van {limit} MB.",
                           "{path} is {megabytes:.1f} MB, more than the limit of {limit} MB."),
    "ingest.too_large.hint": _m(
        "Controleer of dit het goede bestand is; zo ja, verhoog exports.max_megabytes in round.toml.",
        "Check that this is the right file; if it is, raise exports.max_megabytes in round.toml.",
    ),
    "ingest.is_folder": _m("{path} is een map, geen bestand.", "{path} is a folder, not a file."),
    "ingest.is_folder.hint": _m("Geef het exportbestand zelf.", "Give the export file itself."),
    "ingest.no_permission": _m("{path} kan niet worden gelezen (geen toegang).",
                               "{path} cannot be read (permission denied)."),
    "ingest.no_permission.hint": _m("Controleer de rechten van het bestand.", "Check the file's permissions."),
    "ingest.xml_entities": _m(
        "{where} bevat XML-entiteiten of een DTD, wat een LimeSurvey-export nooit heeft; het is niet gelezen.",
        "{where} contains XML entity or DTD declarations, which a LimeSurvey export never has; it was not read.",
    ),
    "ingest.xml_entities.hint": _m(
        "Exporteer het bestand opnieuw uit LimeSurvey; gebruik geen bestand van onbekende herkomst.",
        "Export the file again from LimeSurvey; do not use a file from an unknown source.",
    ),
    "ingest.html_page": _m(
        "{where} is een webpagina (HTML), geen LimeSurvey-bestand: waarschijnlijk de inlogpagina van LimeSurvey "
        "omdat de sessie verlopen was.",
        "{where} is a web page (HTML), not a LimeSurvey file: probably LimeSurvey's login page because the "
        "session had timed out.",
    ),
    "ingest.html_page.hint": _m("Log opnieuw in bij LimeSurvey en download het bestand opnieuw.",
                                "Log in to LimeSurvey again and download the file again."),
    "ingest.bad_xml": _m("{where} is geen goed gevormde XML (het gaat mis op regel {line}, kolom {column}).",
                         "{where} is not well-formed XML (it goes wrong at line {line}, column {column})."),
    "ingest.bad_xml.hint": _m(
        "Het bestand is beschadigd of afgebroken: exporteer het opnieuw uit LimeSurvey.",
        "The file is damaged or cut off: export it again from LimeSurvey.",
    ),
    # warnings of reading an export (validate lists them; the values stay as read)
    "ingest.warn.unreadable_as": _m("{bad} waarde(n) in kolom {column!r} zijn geen {kind} en blijven leeg.",
                                    "{bad} value(s) in column {column!r} could not be read as {kind} and are left empty."),
    "ingest.kind.date": _m("datum", "dates"),
    "ingest.kind.int": _m("geheel getal", "whole numbers"),
    "ingest.kind.number": _m("getal", "numbers"),
    "ingest.kind.text": _m("tekst", "text"),
    "ingest.warn.unreadable": _m("{bad} waarde(n) in kolom {column!r} zijn onleesbaar en blijven leeg.",
                                 "{bad} value(s) in column {column!r} could not be read and are left empty."),
    "ingest.warn.not_options": _m(
        "Kolom {column!r}: {n} waarde(n) zijn geen antwoordopties van vraag {question!r} in de structuur ({shown}); "
        "ze blijven zoals ze zijn.",
        "Column {column!r}: {n} value(s) are not answer options of question {question!r} in the structure ({shown}); "
        "they are kept as they are.",
    ),
    "ingest.warn.unknown_type": _m(
        "Kolom {column!r}: vraagtype {qtype!r} kent samenspel niet; de antwoorden blijven tekst.",
        "Column {column!r}: question type {qtype!r} is not one samenspel knows; its answers are kept as text.",
    ),
    "ingest.warn.more": _m(" en nog {n}", " and {n} more"),
    "ingest.warn.untyped": _m(
        "{n} kolom(men) hebben geen vraagtype, dus blijven de antwoorden tekst: {shown}. De enquêtestructuur geeft "
        "de types: geef die met --structure BESTAND (de .lss of .lsa), of zet de .lss naast de export.",
        "{n} column(s) have no question type, so their answers are kept as text: {shown}. The survey structure "
        "tells the types: give it with --structure FILE (the .lss or .lsa), or put the .lss beside the export.",
    ),
    "ingest.bad_zip": _m("{path} kan niet worden gelezen als {what}: het is beschadigd of afgebroken.",
                         "{path} is not a readable {what}: it is damaged or cut off."),
    "ingest.bad_zip.hint": _m("Download of exporteer het opnieuw uit LimeSurvey.",
                              "Download or export it again from LimeSurvey."),
    "ingest.zip_bomb": _m(
        "{path} pakt uit tot veel meer gegevens dan een {what} bevat (onderdeel {member!r}); het is niet uitgepakt.",
        "{path} unpacks to far more data than a {what} holds (member {member!r}); it was not unpacked.",
    ),
    "ingest.zip_bomb.hint": _m(
        "Exporteer het bestand ({what}) opnieuw uit LimeSurvey; gebruik geen bestand van onbekende herkomst.",
        "Export the {what} again from LimeSurvey; do not use a file from an unknown source.",
    ),
    "ingest.bad_member": _m("{path}: onderdeel {member!r} kan niet worden uitgepakt ({reason}).",
                            "{path}: member {member!r} cannot be unpacked ({reason})."),
    "ingest.bad_member.hint": _m("Exporteer het enquêtearchief opnieuw uit LimeSurvey.",
                                 "Export the survey archive again from LimeSurvey."),
    "ingest.member_too_large": _m("{path}: onderdeel {member!r} is groter dan de grens.",
                                  "{path}: member {member!r} is larger than the limit."),
    "ingest.member_too_large.hint": _m("Exporteer het enquêtearchief opnieuw uit LimeSurvey.",
                                       "Export the survey archive again from LimeSurvey."),
    "ingest.no_structure_set": _m("{file}, [exports]: responses is ingevuld maar structure niet.",
                                  "{file}, [exports]: responses is set but structure is not."),
    "ingest.no_structure_set.hint": _m(
        'Zet structure = "exports/survey_<id>.lss" (de structuur van de enquête) in [exports].',
        'Add structure = "exports/survey_<id>.lss" (the survey structure) to [exports].',
    ),
    "ingest.no_exports": _m(
        "{file}: [exports] noemt geen antwoordenbestand en {folder} bevat geen volledige download.",
        "{file}: [exports] names no responses file and {folder} holds no complete download.",
    ),
    "ingest.no_exports.hint": _m(
        "Draai 'samenspel fetch ROUND_DIR', of vul responses en structure in bij [exports].",
        "Run 'samenspel fetch ROUND_DIR', or set responses and structure in [exports].",
    ),
    "ingest.no_exports.present": _m(
        "Zet bij [exports] responses en structure de namen van de export en de .lss; in {folder} staan: {present}.",
        "Set [exports] responses and structure to the export and the .lss; {folder} holds: {present}.",
    ),
    "ingest.no_group": _m(
        "{file}, [questions] group = {code!r}: enquête {survey} heeft geen vraag {code!r}, en de export en de deelnemerslijst hebben geen kolom {code!r}.",
        "{file}, [questions] group = {code!r}: survey {survey} has no question {code!r}, and neither the export nor the participants list has a column {code!r}.",
    ),
    "ingest.no_group.hint": _m("Gebruik een vraagcode van de enquête of een kolom van de deelnemerslijst: {codes}.",
                               "Use a question code of the survey or a column of the participants list: {codes}."),
    "ingest.no_role_question": _m(
        "{file}, [questions] {role} = {code!r}: enquête {survey} heeft geen vraag {code!r}.",
        "{file}, [questions] {role} = {code!r}: survey {survey} has no question {code!r}.",
    ),
    "ingest.no_role_question.hint": _m("Gebruik een van de vraagcodes van de enquête: {codes}.",
                                       "Use one of the survey's question codes: {codes}."),
    "ingest.role_type.initiative": _m(
        "{file}, [questions] {role} = {code!r}: vraag {code!r} heeft vraagtype {qtype}, maar de rol {role} vraagt een lijst (één keuze) of een korte vrije tekst.",
        "{file}, [questions] {role} = {code!r}: question {code!r} is of question type {qtype}, but the {role} role needs a list (one choice) or a short free text.",
    ),
    "ingest.role_type.obstacles": _m(
        "{file}, [questions] {role} = {code!r}: vraag {code!r} heeft vraagtype {qtype}, maar de rol {role} vraagt een vrije tekst.",
        "{file}, [questions] {role} = {code!r}: question {code!r} is of question type {qtype}, but the {role} role needs a free text.",
    ),
    "ingest.role_type.helped": _m(
        "{file}, [questions] {role} = {code!r}: vraag {code!r} heeft vraagtype {qtype}, maar de rol {role} vraagt een vrije tekst.",
        "{file}, [questions] {role} = {code!r}: question {code!r} is of question type {qtype}, but the {role} role needs a free text.",
    ),
    "ingest.role_type.aspects": _m(
        "{file}, [questions] {role} = {code!r}: vraag {code!r} heeft vraagtype {qtype}, maar de rol {role} vraagt een matrix van stellingen met een getallenschaal (zoals 1 tot 5).",
        "{file}, [questions] {role} = {code!r}: question {code!r} is of question type {qtype}, but the {role} role needs an array of statements with a numeric scale (such as 1 to 5).",
    ),
    "ingest.role_type.group": _m(
        "{file}, [questions] {role} = {code!r}: vraag {code!r} heeft vraagtype {qtype}, maar de rol {role} vraagt een lijst (één keuze).",
        "{file}, [questions] {role} = {code!r}: question {code!r} is of question type {qtype}, but the {role} role needs a list (one choice).",
    ),
    "ingest.role_type.hint": _m(
        "Vragen van enquête {survey} die passen: {fitting}. Verbeter {role} in [questions] van round.toml.",
        "Questions of survey {survey} that fit: {fitting}. Correct {role} in [questions] of round.toml.",
    ),
    "ingest.role_type.none": _m(
        "Enquête {survey} heeft geen vraag die past; kijk of het structuurbestand bij de export hoort.",
        "Survey {survey} has no question that fits; check that the structure file belongs to the export.",
    ),
    "ingest.no_role_column": _m(
        "{path}: de export heeft geen kolom voor de vraag {name!r} ({role}; round.toml [questions] {role}).",
        "{path}: the export has no column for {role} question {name!r} (round.toml [questions] {role}).",
    ),
    "ingest.no_role_column.hint": _m(
        "Exporteer alle kolommen (geen selectie van velden) met vraagcodes of volledige vragen als kopjes.",
        "Export all columns (no field selection) with question-code or full headings.",
    ),
    "ingest.unmapped": _m("{path}: {n} kolom(men) horen niet bij enquête {survey}: {columns}.",
                          "{path}: {n} column(s) do not belong to survey {survey}: {columns}."),
    "ingest.unmapped.hint": _m(
        "Controleer of de export en het structuurbestand van dezelfde enquête komen (round.toml [exports]).",
        "Check that the export and the structure file are from the same survey (round.toml [exports]).",
    ),
    "ingest.unmapped_with": _m("{path}: {n} kolom(men) horen niet bij enquête {survey} ({structure}): {columns}.",
                               "{path}: {n} column(s) do not belong to survey {survey} ({structure}): {columns}."),
    "ingest.unmapped_with.hint": _m("Controleer of de export en de structuur van dezelfde enquête komen.",
                                    "Check that the export and the structure come from the same survey."),
    "ingest.the_structure_given": _m("de opgegeven structuur", "the structure given"),
    "ingest.missing_path": _m("{path} bestaat niet.", "{path} does not exist."),
    "ingest.missing_path.hint": _m("Controleer het pad.", "Check the path."),
    "ingest.plain_folder": _m("{path} is een map zonder round.toml of opgeslagen LimeSurvey-structuur.",
                              "{path} is a folder without round.toml or saved LimeSurvey structure."),
    "ingest.plain_folder.hint": _m("Geef een exportbestand, een structuurbestand (.lss, .lsa) of een rondemap.",
                                   "Give an export file, a structure file (.lss, .lsa) or a round folder."),
    "ingest.structure_as_export": _m("{path} heeft de naam van een {suffix}-bestand, maar is een enquêtestructuur (.lss).",
                                     "{path} is named like a {suffix} file, but it is a survey structure (.lss)."),
    "ingest.structure_as_export.hint": _m(
        "Hernoem het naar .lss en geef het als structuur; de antwoorden zijn een aparte export.",
        "Rename it to .lss and give it as the structure; the responses are a separate export.",
    ),
    "ingest.not_lst": _m("{where} is geen deelnemersbestand van LimeSurvey (.lst).",
                         "{where} is not a LimeSurvey participants file (.lst)."),
    "ingest.not_lst.hint": _m("Geef de list_participants-JSON, het .lst-bestand of het enquêtearchief (.lsa).",
                              "Give list_participants JSON, the .lst, or the survey archive (.lsa)."),
    "ingest.no_participants_file": _m("Deelnemersbestand {path} bestaat niet.", "Participants file {path} does not exist."),
    "ingest.no_participants_file.hint": _m("Controleer [exports] participants in round.toml, of haal die regel weg.",
                                           "Check [exports] participants in round.toml, or remove the line."),
    "ingest.not_participants": _m("{path} is geen deelnemerslijst (JSON of .lst).",
                                  "{path} is not a participants list (JSON or .lst)."),
    "ingest.not_participants.hint": _m(
        "Geef de list_participants-JSON die 'samenspel fetch' bewaarde, of het .lst-bestand.",
        "Give the list_participants JSON that 'samenspel fetch' saved, or the .lst.",
    ),
    "ingest.json_not_participants": _m("{path} is JSON, maar geen lijst met deelnemers.",
                                       "{path} is JSON but not a list of participants."),
    "ingest.json_not_participants.hint": _m("Geef de list_participants-JSON die 'samenspel fetch' bewaarde.",
                                            "Give the list_participants JSON that 'samenspel fetch' saved."),
    "ingest.no_question": _m("Enquête {survey} heeft geen vraag {code!r}.", "Survey {survey} has no question {code!r}."),
    "ingest.no_question.hint": _m("Gebruik een van: {known}.", "Use one of: {known}."),
    "ingest.no_language": _m("Enquête {survey} heeft geen taal {language!r}.", "Survey {survey} has no language {language!r}."),
    "ingest.no_language.hint": _m("Gebruik een van: {known}.", "Use one of: {known}."),
    "ingest.plain": _m("gewoon", "plain"),
    "ingest.wrong_content": _m("{path} heeft de naam van een {suffix}-bestand, maar het is {what}.",
                               "{path} is named like a {suffix} file, but it is {what}."),
    "ingest.wrong.zip": _m("een zip-bestand (waarschijnlijk een Excel-werkmap)", "a zip file (probably an Excel workbook)"),
    "ingest.wrong.zip.hint": _m(
        "Hernoem het naar .xlsx als het de Excel-export is, of exporteer de antwoorden opnieuw als CSV.",
        "Rename it to .xlsx if it is the Excel export, or export the responses again as CSV.",
    ),
    "ingest.wrong.archive": _m("een zip-archief", "a zip archive"),
    "ingest.wrong.archive.hint": _m(
        "Pak het zip-bestand uit en geef het bestand dat erin zit, of download de export opnieuw uit LimeSurvey.",
        "Unpack the zip file and give the file inside it, or download the export again from LimeSurvey.",
    ),
    "ingest.wrong.html": _m(
        "een webpagina (HTML), waarschijnlijk de inlogpagina van LimeSurvey omdat de sessie verlopen was",
        "a web page (HTML), probably LimeSurvey's login page because the session had timed out",
    ),
    "ingest.wrong.html.hint": _m(
        "Log opnieuw in bij LimeSurvey en download het bestand opnieuw.",
        "Log in to LimeSurvey again and download the file again.",
    ),
    "ingest.wrong.pdf": _m("een PDF-document", "a PDF document"),
    "ingest.wrong.pdf.hint": _m(
        "Exporteer de antwoorden zelf uit LimeSurvey (Antwoorden > Exporteren), niet de statistieken of een afdruk.",
        "Export the responses themselves from LimeSurvey (Responses > Export), not the statistics or a print-out.",
    ),
    "ingest.wrong.not_xlsx": _m("geen Excel-werkmap", "not an Excel workbook"),
    "ingest.wrong.not_xlsx.hint": _m(
        "Exporteer de antwoorden opnieuw als XLSX, of geef het bestand de naam van zijn echte soort (.csv, .json).",
        "Export the responses again as XLSX, or rename the file to its real kind (.csv, .json).",
    ),
    "ingest.wrong.json": _m("JSON", "JSON"),
    "ingest.wrong.json.hint": _m("Hernoem het naar .json, of exporteer de antwoorden als CSV.",
                                 "Rename it to .json, or export the responses as CSV."),
    "ingest.wrong.xml": _m("XML of HTML (misschien een foutpagina)", "XML or HTML (perhaps an error page)"),
    "ingest.wrong.xml.hint": _m("Exporteer de antwoorden opnieuw uit LimeSurvey.", "Export the responses again from LimeSurvey."),
    "ingest.wrong.not_json": _m("geen JSON", "not JSON"),
    "ingest.wrong.not_json.hint": _m(
        "Exporteer de antwoorden opnieuw als JSON, of geef het bestand de naam van zijn echte soort.",
        "Export the responses again as JSON, or rename the file to its real kind.",
    ),
    "ingest.binary": _m("{path} is geen tekstexport: het bevat binaire gegevens.",
                        "{path} is not a text export: it contains binary data."),
    "ingest.binary.hint": _m(
        "Geef het CSV-, JSON-, XLSX- of VV-bestand dat LimeSurvey exporteerde; kwam het per e-mail, sla de bijlage "
        "dan opnieuw op.",
        "Give the CSV, JSON, XLSX or VV file that LimeSurvey exported; if it came by e-mail, save the attachment again.",
    ),
    "ingest.bad_utf16": _m("{path} zegt UTF-16-tekst te zijn, maar is beschadigd.",
                           "{path} claims to be UTF-16 text but is damaged."),
    "ingest.bad_utf16.hint": _m("Exporteer het bestand opnieuw.", "Export the file again."),
    "ingest.bad_utf8": _m("{path} is geen geldige UTF-8-tekst (foute bytes op regel {line}).",
                          "{path} is not valid UTF-8 text (bad bytes on line {line})."),
    "ingest.bad_utf8.hint": _m(
        "Exporteer het bestand opnieuw uit LimeSurvey, of sla het op als 'CSV UTF-8' in je rekenbladprogramma.",
        "Export the file again from LimeSurvey, or save it as 'CSV UTF-8' in your spreadsheet program.",
    ),
    "ingest.delimiter.semicolon": _m("puntkomma", "semicolon"),
    "ingest.delimiter.comma": _m("komma", "comma"),
    "ingest.delimiter.tab": _m("tab", "tab"),
    "ingest.delimiter.bar": _m("verticale streep", "bar"),
    "ingest.open_quote": _m("{path} houdt op midden in een waarde tussen aanhalingstekens: het bestand is afgebroken of beschadigd.",
                            "{path} ends in the middle of a quoted value: the file is cut off or damaged."),
    "ingest.open_quote.hint": _m("Download of exporteer de antwoorden opnieuw.", "Download or export the responses again."),
    "ingest.open_quote_from": _m(
        "{path} houdt op midden in een waarde tussen aanhalingstekens (vanaf regel {line}): het bestand is afgebroken of beschadigd.",
        "{path} ends in the middle of a quoted value (from line {line}): the file is cut off or damaged.",
    ),
    "ingest.open_quote_from.hint": _m("Download of exporteer de antwoorden opnieuw.", "Download or export the responses again."),
    "ingest.bad_delimited": _m("{path} kan niet worden gelezen als waarden gescheiden door {delimiter}: {reason}.",
                               "{path} cannot be read as {delimiter}-separated values: {reason}."),
    "ingest.bad_delimited.hint": _m(
        "Exporteer de antwoorden opnieuw uit LimeSurvey; bewerk het bestand niet in een teksteditor.",
        "Export the responses again from LimeSurvey; do not edit the file in a text editor.",
    ),
    "ingest.long_row": _m("{path}: regel {line} heeft meer velden dan de kopregel ({width}).",
                          "{path}: line {line} has more fields than the heading line ({width})."),
    "ingest.long_row.hint": _m(
        "Het bestand is bewerkt of beschadigd: exporteer de antwoorden opnieuw uit LimeSurvey.",
        "The file was edited or damaged: export the responses again from LimeSurvey.",
    ),
    "ingest.long_row_somewhere": _m("{path}: een regel heeft meer velden dan de kopregel ({width}).",
                                    "{path}: a line has more fields than the heading line ({width})."),
    "ingest.long_row_somewhere.hint": _m(
        "Het bestand is bewerkt of beschadigd: exporteer de antwoorden opnieuw uit LimeSurvey.",
        "The file was edited or damaged: export the responses again from LimeSurvey.",
    ),
    "ingest.empty_file": _m("{path} is leeg: het heeft geen kopregel en geen antwoorden.",
                            "{path} is empty: it has no heading line and no responses."),
    "ingest.empty_file.hint": _m("Exporteer de antwoorden opnieuw; controleer of de enquête antwoorden heeft.",
                                 "Export the responses again; check that the survey has responses."),
    "ingest.cut_off": _m("{path} is afgebroken: de laatste regel heeft {found} van de {width} velden.",
                         "{path} is cut off: its last line has {found} of the {width} fields."),
    "ingest.cut_off.hint": _m("Download of exporteer de antwoorden opnieuw.", "Download or export the responses again."),
    "ingest.cr_only": _m("{path} gebruikt oude Mac-regeleinden (alleen CR).", "{path} uses old Mac line endings (CR only)."),
    "ingest.cr_only.hint": _m(
        "Sla het opnieuw op met Windows- of Unix-regeleinden, of exporteer het opnieuw uit LimeSurvey.",
        "Save it again with Windows or Unix line endings, or export it again from LimeSurvey.",
    ),
    "ingest.mixed_endings": _m(
        "{path} mengt regeleinden (Windows CRLF en Unix LF): het bestand is na de export bewerkt of samengevoegd.",
        "{path} mixes line endings (Windows CRLF and Unix LF): the file was edited or joined after export.",
    ),
    "ingest.mixed_endings.hint": _m(
        "Exporteer de antwoorden opnieuw uit LimeSurvey en gebruik dat bestand onveranderd.",
        "Export the responses again from LimeSurvey and use that file unchanged.",
    ),
    "ingest.json_not_utf8": _m("{path} is geen UTF-8-JSON.", "{path} is not UTF-8 JSON."),
    "ingest.json_not_utf8.hint": _m("Exporteer de antwoorden opnieuw als JSON.", "Export the responses again as JSON."),
    "ingest.bad_json": _m(
        "{path} is geen geldige JSON (regel {line}, kolom {column}): het is beschadigd of afgebroken.",
        "{path} is not valid JSON (line {line}, column {column}): it is damaged or cut off.",
    ),
    "ingest.bad_json.hint": _m("Exporteer de antwoorden opnieuw uit LimeSurvey.", "Export the responses again from LimeSurvey."),
    "ingest.status_reply": _m("{path} bevat het antwoord {status!r} van LimeSurvey in plaats van antwoorden.",
                              "{path} holds LimeSurvey's reply {status!r} instead of responses."),
    "ingest.status_reply.hint": _m(
        "Controleer het nummer van de enquête en of de enquête antwoorden heeft, en exporteer opnieuw.",
        "Check the survey id and that the survey has responses, then export again.",
    ),
    "ingest.json_not_export": _m("{path} is JSON, maar geen export met antwoorden van LimeSurvey (geen lijst 'responses').",
                                 "{path} is JSON but not a LimeSurvey response export (no 'responses' list)."),
    "ingest.json_not_export.hint": _m(
        "Exporteer de antwoorden als JSON uit LimeSurvey (export_responses of Exporteren > Antwoorden).",
        "Export the responses as JSON from LimeSurvey (export_responses or Export > Responses).",
    ),
    "ingest.json_bad_response": _m("{path}: een antwoord is geen object met velden.", "{path}: a response is not an object of fields."),
    "ingest.json_bad_response.hint": _m("Exporteer de antwoorden opnieuw.", "Export the responses again."),
    "ingest.json_no_responses": _m("{path} heeft geen antwoorden.", "{path} has no responses."),
    "ingest.json_no_responses.hint": _m(
        "Controleer de filters van de export (volledig/onvolledig, bereik) en exporteer opnieuw.",
        "Check the export's filters (completion state, range) and export again.",
    ),
    "ingest.zip_not_xlsx": _m("{path} is een zip-bestand, maar geen Excel-werkmap.", "{path} is a zip file but not an Excel workbook."),
    "ingest.zip_not_xlsx.hint": _m("Exporteer de antwoorden opnieuw als XLSX.", "Export the responses as XLSX again."),
    "ingest.damaged_xlsx": _m("{path} is een beschadigde Excel-werkmap ({reason}).", "{path} is a damaged Excel workbook ({reason})."),
    "ingest.damaged_xlsx.hint": _m("Exporteer de antwoorden opnieuw als XLSX.", "Export the responses as XLSX again."),
    "ingest.empty_sheet": _m("{path} heeft een leeg eerste werkblad.", "{path} has an empty first sheet."),
    "ingest.empty_sheet.hint": _m("Exporteer de antwoorden opnieuw als XLSX.", "Export the responses as XLSX again."),
    "ingest.not_lsr": _m("{where} is geen antwoordenbestand van LimeSurvey (.lsr).", "{where} is not a LimeSurvey responses file (.lsr)."),
    "ingest.not_lsr.hint": _m("Exporteer het enquêtearchief opnieuw.", "Export the survey archive again."),
    "ingest.lsr_no_responses": _m("{where} heeft geen antwoorden.", "{where} has no responses."),
    "ingest.lsr_no_responses.hint": _m("Controleer of de enquête antwoorden heeft.", "Check that the survey has responses."),
    "ingest.bad_submitdate": _m(
        "{path}, gegevensrij {row}: de inzenddatum {value} is geen datum die samenspel kan lezen.",
        "{path}, data row {row}: the submit date {value} is not a date samenspel can read.",
    ),
    "ingest.bad_submitdate.hint": _m(
        "Exporteer de antwoorden opnieuw uit LimeSurvey in plaats van het bestand op te slaan vanuit een rekenblad.",
        "Export the responses again from LimeSurvey instead of saving the file from a spreadsheet.",
    ),
    "ingest.no_id_column": _m(
        "{path} heeft geen kolom met het antwoordnummer ('id', 'Response ID' of 'Respons-ID'), dus de rijen zijn "
        "niet uit elkaar te houden.",
        "{path} has no response id column ('id', 'Response ID' or 'Respons-ID'), so its rows cannot be told apart.",
    ),
    "ingest.no_id_column.hint": _m("Exporteer de antwoorden opnieuw, met de kolom van het antwoordnummer erbij.",
                                   "Export the responses again with the response id column included."),
    "ingest.inner_bom": _m(
        "{path} heeft een byte-order mark midden in het bestand (gegevensrij {row}): er zijn waarschijnlijk twee "
        "bestanden aan elkaar geplakt.",
        "{path} has a byte-order mark in the middle (data row {row}): two files were probably pasted together.",
    ),
    "ingest.inner_bom.hint": _m(
        "Exporteer de antwoorden opnieuw uit LimeSurvey in plaats van bestanden samen te voegen.",
        "Export the responses again from LimeSurvey instead of joining files.",
    ),
    "ingest.bad_id": _m("{path}, gegevensrij {row}: het antwoordnummer {value} is geen geheel getal.",
                        "{path}, data row {row}: the response id {value} is not a whole number."),
    "ingest.bad_id.hint": _m(
        "Het bestand is beschadigd of geen export van LimeSurvey: exporteer de antwoorden opnieuw.",
        "The file is damaged or not a LimeSurvey export: export the responses again.",
    ),
    "ingest.duplicate_id": _m(
        "{path}: antwoordnummer {id} komt meer dan eens voor; een export herhaalt nooit een nummer.",
        "{path}: response id {id} occurs more than once; an export never repeats an id.",
    ),
    "ingest.duplicate_id.hint": _m(
        "Voeg exports niet met de hand samen: exporteer alle antwoorden in één keer uit LimeSurvey.",
        "Do not join exports by hand: export all responses at once from LimeSurvey.",
    ),
    "ingest.no_export_file": _m("Exportbestand {path} bestaat niet.", "Export file {path} does not exist."),
    "ingest.no_export_file.hint": _m("Controleer het pad (in round.toml: [exports] responses).",
                                     "Check the path (in round.toml: [exports] responses)."),
    "ingest.export_is_folder": _m("{path} is een map, geen exportbestand.", "{path} is a folder, not an export file."),
    "ingest.export_is_folder.hint": _m("Geef het exportbestand zelf.", "Give the export file itself."),
    "ingest.export_is_folder.choose": _m("Geef het exportbestand zelf; in die map staan: {present}.",
                                         "Give the export file itself; that folder holds: {present}."),
    "ingest.no_export_file.present": _m(
        "Zet in round.toml bij [exports] responses de naam van een van de bestanden in {folder}: {present}.",
        "Set [exports] responses in round.toml to the name of one of the files in {folder}: {present}.",
    ),
    "ingest.empty_export": _m("{path} is leeg: het bevat geen kopregel en geen antwoorden.",
                              "{path} is empty: it holds no heading line and no responses."),
    "ingest.empty_export.hint": _m(
        "LimeSurvey schrijft een leeg bestand als geen enkel antwoord aan de filters van de export voldoet; "
        "exporteer opnieuw met 'alle antwoorden'.",
        "LimeSurvey writes an empty file when no response matches the export's filters; export again with "
        "'all responses'.",
    ),
    "ingest.lsa_without_lsr": _m("{path} is een enquêtearchief zonder antwoorden (.lsr).",
                                 "{path} is a survey archive without responses (.lsr)."),
    "ingest.lsa_without_lsr.hint": _m(
        "Exporteer het enquêtearchief van een geactiveerde enquête, of de antwoorden als CSV.",
        "Export the survey archive of an activated survey, or the responses as CSV.",
    ),
    "ingest.old_xls": _m("{path} is een oude Excel 97-2003-werkmap (.xls), die samenspel niet leest.",
                         "{path} is an old Excel 97-2003 (.xls) workbook, which samenspel does not read."),
    "ingest.old_xls.hint": _m("Exporteer de antwoorden als CSV of XLSX uit LimeSurvey.",
                              "Export the responses as CSV or XLSX from LimeSurvey."),
    "ingest.lss_as_export": _m("{path} is een enquêtestructuur (.lss), geen export met antwoorden.",
                               "{path} is a survey structure (.lss), not a response export."),
    "ingest.lss_as_export.hint": _m(
        "Geef het als structuur (round.toml: [exports] structure) en voeg de export met antwoorden toe.",
        "Give it as the structure (round.toml: [exports] structure) and add the responses export.",
    ),
    "ingest.xml_not_export": _m("{path} is XML, maar geen export met antwoorden van LimeSurvey.",
                                "{path} is XML but not a LimeSurvey response export."),
    "ingest.xml_not_export.hint": _m("Exporteer de antwoorden als CSV.", "Export the responses as CSV."),
    "ingest.headings_only": _m("{path} heeft een kopregel, maar geen antwoorden.", "{path} has a heading line but no responses."),
    "ingest.headings_only.hint": _m(
        "Controleer de filters van de export (volledig/onvolledig, bereik van nummers) en exporteer opnieuw.",
        "Check the export's filters (completion state, id range) and export again.",
    ),
    "ingest.width_mismatch": _m("{path}: de rijen hebben {fields} velden, maar de kopregel heeft er {headings}.",
                                "{path}: the rows have {fields} fields but the heading line has {headings}."),
    "ingest.width_mismatch.hint": _m("Het bestand is beschadigd: exporteer de antwoorden opnieuw.",
                                     "The file is damaged: export the responses again."),
    "ingest.other_survey": _m(
        "{path} bevat antwoorden van enquête {others}, maar de structuur ({structure}) is van enquête {survey}.",
        "{path} holds responses of survey {others}, but the structure ({structure}) is survey {survey}.",
    ),
    "ingest.other_survey.hint": _m(
        "Gebruik de export en de structuur (.lss) van dezelfde enquête (round.toml: [exports]).",
        "Use the export and the structure (.lss) of the same survey (round.toml: [exports]).",
    ),
    "ingest.no_column_fits": _m(
        "{path}: geen van de {n} kolommen hoort bij enquête {survey} ({structure}).",
        "{path}: none of its {n} columns belongs to survey {survey} ({structure}).",
    ),
    "ingest.no_column_fits.hint": _m(
        "Controleer of export en structuur van dezelfde enquête komen (round.toml: [exports]).",
        "Check that export and structure come from the same survey (round.toml: [exports]).",
    ),
    "ingest.no_question_columns": _m("{path} heeft geen kolom die op een vraagcode van LimeSurvey lijkt.",
                                     "{path} has no column that looks like a LimeSurvey question code."),
    "ingest.no_question_columns.hint": _m(
        "Exporteer de antwoorden met 'vraagcode' als kopjes, of geef ook de structuur van de enquête (.lss).",
        "Export the responses with 'question code' headings, or give the survey structure (.lss) too.",
    ),
    "ingest.duplicate_heading": _m("{path}: het kopje {heading!r} komt twee keer voor (kolom {first} en {second}).",
                                   "{path}: the column heading {heading!r} occurs twice (columns {first} and {second})."),
    "ingest.duplicate_heading.hint": _m(
        "Exporteer de antwoorden opnieuw met 'vraagcode' als kopjes, zonder het bestand te bewerken.",
        "Export the responses again with 'question code' headings, without editing the file.",
    ),
    # -- survey structures -------------------------------------------------------------------
    "structure.no_questions_or_settings": _m(
        "{where} is geen enquêtestructuur van LimeSurvey: het heeft geen vragen of enquête-instellingen.",
        "{where} is not a LimeSurvey survey structure: it has no questions or survey settings.",
    ),
    "structure.no_questions_or_settings.hint": _m(
        "Exporteer de structuur opnieuw uit LimeSurvey (Exporteren > Enquêtestructuur (.lss)).",
        "Export the structure again from LimeSurvey (Export > Survey structure (.lss)).",
    ),
    "structure.xml_not_lss": _m("{where} is XML, maar geen structuurbestand van LimeSurvey (.lss).",
                                "{where} is XML but not a LimeSurvey structure file (.lss)."),
    "structure.xml_not_lss.hint": _m(
        "Exporteer de structuur uit LimeSurvey: Exporteren > Enquêtestructuur (.lss).",
        "Export the structure from LimeSurvey: Export > Survey structure (.lss).",
    ),
    "structure.part_only": _m("{where} bevat een LimeSurvey-{kind}, geen hele enquête.",
                              "{where} holds a LimeSurvey {kind}, not a whole survey."),
    "structure.part_only.hint": _m(
        "Exporteer de structuur van de hele enquête (.lss), niet één groep of vraag.",
        "Export the whole survey structure (.lss), not a single group or question.",
    ),
    "structure.tsv_columns": _m(
        "{where} is geen structuurexport van LimeSurvey (.tsv): de kolommen 'class' en 'name' ontbreken.",
        "{where} is not a LimeSurvey structure export (.tsv): the columns 'class' and 'name' are missing.",
    ),
    "structure.tsv_columns.hint": _m(
        "Exporteer de structuur opnieuw (Exporteren > Enquêtestructuur, tab-gescheiden waarden).",
        "Export the structure again (Export > Survey structure, tab-separated values).",
    ),
    "structure.tsv_no_questions": _m("{where} heeft geen vragen (geen rijen van klasse Q).",
                                     "{where} has no questions (no rows of class Q)."),
    "structure.tsv_no_questions.hint": _m("Exporteer de structuur van de enquête met de vragen.",
                                          "Export the structure of the survey that holds the questions."),
    "structure.bad_json_file": _m("{path} is geen geldige JSON ({reason}).", "{path} is not valid JSON ({reason})."),
    "structure.bad_json_file.hint": _m("Haal de structuur opnieuw op met 'samenspel fetch'.",
                                       "Fetch the structure again with 'samenspel fetch'."),
    "structure.not_a_structure_folder": _m(
        "{folder} is een map zonder get_survey_properties.json, dus geen opgeslagen structuur van LimeSurvey.",
        "{folder} is a folder without get_survey_properties.json, so it is not a saved LimeSurvey structure.",
    ),
    "structure.not_a_structure_folder.hint": _m(
        "Wijs de structuurmap aan die 'samenspel fetch' schreef, of een .lss-bestand.",
        "Point at the structure folder written by 'samenspel fetch', or at an .lss file.",
    ),
    "structure.no_properties": _m("{path} bevat geen eigenschappen van een enquête.", "{path} does not hold survey properties."),
    "structure.no_properties.hint": _m("Haal de structuur opnieuw op.", "Fetch the structure again."),
    "structure.no_question_list": _m("{folder} heeft geen list_questions_<taal>.json.",
                                     "{folder} has no list_questions_<language>.json."),
    "structure.no_question_list.hint": _m("Haal de structuur opnieuw op met 'samenspel fetch'.",
                                          "Fetch the structure again with 'samenspel fetch'."),
    "structure.not_question_list": _m("{path} is geen lijst met vragen.", "{path} is not a list of questions."),
    "structure.not_question_list.hint": _m("Haal de structuur opnieuw op.", "Fetch the structure again."),
    "structure.missing": _m("Structuurbestand {path} bestaat niet.", "Structure file {path} does not exist."),
    "structure.missing.hint": _m("Controleer het pad in round.toml.", "Check the path in round.toml."),
    "structure.empty": _m("Structuurbestand {path} is leeg.", "Structure file {path} is empty."),
    "structure.empty.hint": _m("Exporteer de enquêtestructuur (.lss) opnieuw.", "Export the survey structure (.lss) again."),
    "structure.lsa_not_zip": _m("{path} heeft de naam van een enquêtearchief (.lsa), maar is geen zip-bestand.",
                                "{path} is named like a survey archive (.lsa), but it is not a zip file."),
    "structure.lsa_not_zip.hint": _m(
        "Exporteer het enquêtearchief opnieuw (LimeSurvey: Exporteren > Enquêtearchief), of geef de .lss.",
        "Export the survey archive again (LimeSurvey: Export > Survey archive), or give the .lss.",
    ),
    "structure.zip_without_lss": _m("{path} is een zip-bestand zonder enquêtestructuur (.lss) erin.",
                                    "{path} is a zip file without a survey structure (.lss) inside."),
    "structure.zip_without_lss.hint": _m(
        "Gebruik het enquêtearchief (.lsa) dat LimeSurvey exporteert, of de .lss zelf.",
        "Use the survey archive (.lsa) that LimeSurvey exports, or the .lss itself.",
    ),
    "structure.not_text": _m(
        "{path} is geen structuurbestand van LimeSurvey: het is geen XML, geen JSON en geen UTF-8-tekst.",
        "{path} is not a LimeSurvey structure file: it is neither XML, JSON nor UTF-8 text.",
    ),
    "structure.not_text.hint": _m("Exporteer de enquêtestructuur (.lss) opnieuw uit LimeSurvey.",
                                  "Export the survey structure (.lss) from LimeSurvey again."),
    "structure.bad_json": _m("{path} is geen geldige JSON (regel {line}).", "{path} is not valid JSON (line {line})."),
    "structure.bad_json.hint": _m("Exporteer de enquêtestructuur opnieuw; bewerk het bestand niet met de hand.",
                                  "Export the survey structure again; do not edit the file by hand."),
    "structure.json_not_structure": _m("{path} is JSON, maar geen structuur van LimeSurvey.",
                                       "{path} is JSON but not a LimeSurvey structure."),
    "structure.json_not_structure.hint": _m("Gebruik in plaats daarvan het .lss-bestand.", "Use the .lss file instead."),
    "structure.unknown_kind": _m("{path} is geen structuurbestand van LimeSurvey (.lss, .lsa, .tsv of .json).",
                                 "{path} is not a LimeSurvey structure file (.lss, .lsa, .tsv or .json)."),
    "structure.unknown_kind.hint": _m(
        "Exporteer de enquêtestructuur uit LimeSurvey: Exporteren > Enquêtestructuur (.lss).",
        "Export the survey structure from LimeSurvey: Export > Survey structure (.lss).",
    ),
    # -- privacy ------------------------------------------------------------------------------
    "privacy.found_one": _m(
        "privacyscan: 1 bevinding: {kind} in {file}, {place} ({excerpt}). Er is niets gepubliceerd.",
        "privacy scan: 1 finding: {kind} in {file}, {place} ({excerpt}). Nothing was published.",
    ),
    "privacy.found_many": _m(
        "privacyscan: {n} bevindingen: {kind} in {file}, {place} ({excerpt}) en nog {more}. Er is niets gepubliceerd.",
        "privacy scan: {n} findings: {kind} in {file}, {place} ({excerpt}) and {more} more. Nothing was published.",
    ),
    "privacy.found.hint": _m(
        "Controleer in round.toml of de vraag waar het in staat niet in [privacy] reportable staat (of wel "
        "onder [questions] personal), en draai opnieuw.",
        "Check that the question holding it is not in [privacy] reportable (or is listed under "
        "[questions] personal) in round.toml, then run again.",
    ),
    "privacy.personal_reportable": _m(
        "{file}, [privacy] reportable noemt {fields}, met persoonsgegevens die nooit in een rapport mogen komen.",
        "{file}, [privacy] reportable lists {fields}, which holds personal data and may never reach a report.",
    ),
    "privacy.personal_reportable.hint": _m("Haal het weg uit reportable.", "Remove it from reportable."),
    "privacy.dates_not_included": _m(
        "{file}, [privacy] reportable noemt een datumveld, maar include_dates is false.",
        "{file}, [privacy] reportable lists a date field but include_dates is false.",
    ),
    "privacy.dates_not_included.hint": _m(
        "Zet include_dates = true om datums (als dagen) te publiceren, of haal het datumveld weg uit reportable.",
        "Set include_dates = true to publish dates (as days), or remove the date field from reportable.",
    ),
    "privacy.participants_not_json": _m(
        "Het deelnemersbestand {path} is geen geldige JSON, dus de namen en adressen erin kunnen niet worden gecontroleerd.",
        "The participants file {path} is not valid JSON, so its names and addresses cannot be checked.",
    ),
    "privacy.participants_not_json.hint": _m(
        "Download het opnieuw met 'samenspel fetch', of verbeter [exports] participants in round.toml.",
        "Download it again with 'samenspel fetch', or fix [exports] participants in round.toml.",
    ),
    "privacy.participants_unknown": _m("Het deelnemersbestand {path} is geen JSON en geen LimeSurvey-XML.",
                                       "The participants file {path} is neither JSON nor LimeSurvey XML."),
    "privacy.participants_unknown.hint": _m(
        "Gebruik de list_participants-JSON of het tokens-.lst-bestand uit het enquêtearchief.",
        "Use list_participants JSON or the tokens .lst from the survey archive.",
    ),
    "privacy.no_names_file": _m("Het namenbestand {path} (round.toml, [privacy] names_file) bestaat niet.",
                                "The names file {path} (round.toml, [privacy] names_file) does not exist."),
    "privacy.no_names_file.hint": _m(
        "Maak het met één naam per regel, of haal names_file weg uit round.toml.",
        "Create it with one name per line, or remove names_file from round.toml.",
    ),
    "privacy.names_not_utf8": _m("Het namenbestand {path} is geen leesbare tekst: regel {line} is beschadigd.",
                                 "The names file {path} is not readable text: line {line} is damaged."),
    "privacy.names_not_utf8.hint": _m("Herstel die regel en sla het op als UTF-8 (één naam per regel).",
                                      "Repair that line and save it as UTF-8 (one name per line)."),
    "privacy.names_binary": _m("Het namenbestand {path} is geen tekstbestand.", "The names file {path} is not a text file."),
    "privacy.names_binary.hint": _m(
        "Sla de namen op als platte tekst (Kladblok: .txt), één naam per regel, niet als Word-document.",
        "Save the names as plain text (Notepad: .txt), one name per line, not as a Word document.",
    ),
    "privacy.min_initiative_answers": _m(
        "{file}, [privacy] min_initiative_answers = {value}: een cijfer van een initiatief uit één antwoord "
        "is het antwoord van die ene persoon.",
        "{file}, [privacy] min_initiative_answers = {value}: an initiative's figure from a single answer is "
        "that person's answer.",
    ),
    "privacy.min_initiative_answers.hint": _m(
        "Gebruik {floor} of meer (3 of meer is veiliger: met 2 kan elk van de twee het antwoord van de ander afleiden).",
        "Use {floor} or more (3 or more is safer: with 2, each of the two can work out the other's answer).",
    ),
    "privacy.min_group_size": _m(
        "{file}, [privacy] min_group_size = {value} is te klein om deelnemers onherkenbaar te houden.",
        "{file}, [privacy] min_group_size = {value} is too small to keep respondents unrecognisable.",
    ),
    "privacy.min_group_size.hint": _m("Gebruik 5 (de standaard) of meer.", "Use 5 (the default) or more."),
    "privacy.duplicate_pseudonym": _m(
        "Twee antwoorden van ronde {round} kregen hetzelfde pseudoniem.",
        "Two responses of round {round} got the same pseudonym.",
    ),
    "privacy.duplicate_pseudonym.hint": _m(
        "Dit hoort niet te gebeuren; meld het alstublieft, met het aantal antwoorden van de ronde.",
        "This should not happen; please report it with the round's response count.",
    ),
    "privacy.no_scan_folder": _m("De privacyscan vond geen map {folder}.", "The privacy scan found no folder {folder}."),
    "privacy.no_scan_folder.hint": _m(
        "Laat de scan lopen over de map waarin de rapporten zijn geschreven.",
        "Run the scan on the folder the reports were written to.",
    ),
    "privacy.no_breakdown_column": _m(
        "Uitsplitsen naar {by!r} kan niet: kolom {column!r} staat niet in de gegevens.",
        "Cannot break down by {by!r}: column {column!r} is not in the data.",
    ),
    "privacy.no_quote_column": _m(
        "Citeren uit kolom {column!r} kan niet: die staat niet in de gegevens.",
        "Cannot quote column {column!r}: it is not in the data.",
    ),
    "privacy.no_quote_group": _m(
        "Citaten groeperen naar {by!r} kan niet: die kolom staat niet in de gegevens.",
        "Cannot group quotes by {by!r}: it is not in the data.",
    ),
    "privacy.columns_there": _m("Kolommen die er wel zijn: {columns}.", "Columns there: {columns}."),
    "privacy.bad_min_group_size": _m(
        "min_group_size is {value}: dat is geen groepsgrootte.",
        "min_group_size is {value}, which is not a group size.",
    ),
    "privacy.bad_min_group_size.hint": _m("Gebruik 5 of meer in round.toml.", "Use 5 or more in round.toml."),
    # -- building the reports ----------------------------------------------------------------
    "report.out_is_file": _m("{path} is een bestand, geen map voor rapporten.", "{path} is a file, not a folder for reports."),
    "report.out_is_file.hint": _m(
        "Kies met --out een map (een nieuwe, of die van de vorige rapporten van deze ronde), of laat --out weg.",
        "Choose a folder with --out (a new one, or the one of this round's earlier reports), or leave out --out.",
    ),
    "report.out_not_reports": _m(
        "{out} bestaat al en bevat geen rapporten van samenspel (er staat geen {file} in); samenspel zou die map "
        "in zijn geheel vervangen.",
        "{out} exists and holds no reports made by samenspel (there is no {file} in it); samenspel would replace "
        "that folder whole.",
    ),
    "report.out_not_reports.hint": _m(
        "Kies met --out een nieuwe of lege map, bijvoorbeeld {example}, of laat --out weg.",
        "Choose a new or empty folder with --out, for example {example}, or leave out --out.",
    ),
    "report.out_other_round": _m("{out} bevat de rapporten van ronde {theirs}; deze ronde is {ours}.",
                                 "{out} holds the reports of round {theirs}; this round is {ours}."),
    "report.out_other_round.hint": _m(
        "Kies met --out de map van deze ronde, bijvoorbeeld {example}, of laat --out weg.",
        "Choose this round's folder with --out, for example {example}, or leave out --out.",
    ),
    "report.cannot_write": _m("In {folder} kan geen map voor de rapporten worden gemaakt: {why}.",
                              "No folder for the reports can be made in {folder}: {why}."),
    "report.cannot_write.hint": _m("Kies met --out een map waarin u mag schrijven.",
                                   "Choose a folder you may write in with --out."),
    "files.why.read_only": _m(
        "u mag daar niet schrijven (alleen lezen), of een ander programma heeft het open (zoals Excel)",
        "you may not write there (read-only), or another program has it open (such as Excel)",
    ),
    "files.why.file_in_the_way": _m("een deel van het pad is een bestand, geen map (of andersom)",
                                    "part of the path is a file, not a folder (or the other way round)"),
    "files.why.disk_full": _m("de schijf is vol", "the disk is full"),
    "files.why.other": _m("het besturingssysteem weigert het", "the operating system refuses it"),
    "files.cannot_write": _m("{path} kan niet worden geschreven: {why}.", "{path} cannot be written: {why}."),
    "files.cannot_write.hint": _m("Kies een plek waar u mag schrijven; er is niets half geschreven.",
                                  "Choose a place you may write in; nothing was half-written."),
    "report.no_notebook_folder": _m("Notebookmap {folder} bestaat niet.", "Notebook folder {folder} does not exist."),
    "report.no_notebook_folder.hint": _m("Geef een map met .ipynb-bestanden.", "Give a folder with .ipynb files."),
    "report.no_notebooks": _m("{folder} bevat geen .ipynb-notebooks.", "{folder} holds no .ipynb notebooks."),
    "report.no_notebooks.hint": _m("Zet je notebooks daar, of laat --notebooks weg.",
                                   "Put your notebooks there, or leave out --notebooks."),
    "report.unreadable_notebook": _m("{notebook} is geen leesbaar notebook.", "{notebook} is not a readable notebook."),
    "report.unreadable_notebook.hint": _m("Open het in JupyterLab en sla het op.", "Open and save it in JupyterLab."),
    "report.no_parameters_cell": _m("{notebook} heeft geen cel met de tag 'parameters'.",
                                    "{notebook} has no cell tagged 'parameters'."),
    "report.no_parameters_cell.hint": _m(
        "Geef de eerste codecel de tag 'parameters' en declareer een paar van: {known}.",
        "Tag its first code cell 'parameters' and declare some of: {known}.",
    ),
    "report.undeclared_parameters": _m(
        "{notebook} declareert de parameter(s) {unknown} niet (het declareert: {declared}).",
        "{notebook} does not declare the parameter(s) {unknown} (it declares: {declared}).",
    ),
    "report.undeclared_parameters.hint": _m("Zet ze in de cel van het notebook met de tag 'parameters'.",
                                            "Add them to the notebook's cell tagged 'parameters'."),
    "report.start_method": _m(
        "{variable}={chosen} is op deze computer geen manier om pagina's te laten maken.",
        "{variable}={chosen} is not a way to start page builders on this system.",
    ),
    "report.start_method.hint": _m("Gebruik een van: {available}, of laat de variabele weg.",
                                   "Use one of: {available}, or leave the variable unset."),
    "report.page_failed_in_cell": _m(
        "notebook {notebook} ({name}) liep vast in cel {cell}{source}: {error}.",
        "notebook {notebook} ({name}) failed in cell {cell}{source}: {error}.",
    ),
    "report.page_failed": _m(
        "notebook {notebook} ({name}) liep vast in een cel{source}: {error}.",
        "notebook {notebook} ({name}) failed in a cell{source}: {error}.",
    ),
    "report.page_failed.hint": _m(
        "De uitgevoerde kopie staat in {executed}. De gepubliceerde rapporten zijn niet veranderd.",
        "The executed copy is at {executed}. The published reports are unchanged.",
    ),
    "report.other_version": _m(
        "{source} is geschreven door een andere versie van samenspel (verwacht: de gegevens {fields}).",
        "{source} was written by another version of samenspel (expected the facts {fields}).",
    ),
    "report.no_table": _m("De analyse heeft geen tabel {table}.", "The analysis has no table {table}."),
    "report.no_table.hint": _m("Maak de rapporten van de ronde opnieuw.", "Build the round's reports again."),
    "report.no_analysis": _m(
        "{folder} bevat geen analyse van een ronde (round.json ontbreekt).",
        "{folder} holds no analysis of a round (round.json is missing).",
    ),
    "report.no_analysis.hint": _m(
        "Wijs naar de map data/ van de rapporten van een ronde, bijvoorbeeld reports/ronde-2/data, nadat "
        "'samenspel run' (of 'make demo') ze heeft gemaakt.",
        "Point at the data/ folder of a round's reports, e.g. reports/ronde-2/data, after 'samenspel run' "
        "(or 'make demo') has built them.",
    ),
    "report.incomplete_analysis": _m(
        "{folder} bevat geen {table}.parquet: de analyse daar is onvolledig.",
        "{folder} holds no {table}.parquet: the analysis there is incomplete.",
    ),
    "report.run_again": _m(
        "Maak de rapporten van de ronde opnieuw met 'samenspel run'.",
        "Build the round's reports again with 'samenspel run'.",
    ),
    # -- codebooks and CSV files of answers ---------------------------------------------------
    "codebook.list_missing": _m("{where}: '{name}' ontbreekt.", "{where}: '{name}' is missing."),
    "codebook.list_missing.hint": _m('Zet {name} = ["...", ...] erbij.', 'Add {name} = ["...", ...].'),
    "codebook.not_a_list": _m("{where}: '{name}' moet een lijst met teksten zijn, gevonden {value}.",
                              "{where}: '{name}' must be a list of texts, found {value}."),
    "codebook.not_a_list.hint": _m('Schrijf het als {name} = ["woord", "nog een woord"].',
                                   'Write it as {name} = ["woord", "nog een woord"].'),
    "codebook.list_empty": _m("{where}: '{name}' is leeg.", "{where}: '{name}' is empty."),
    "codebook.list_empty.hint": _m("Geef minstens één trefwoord.", "Give at least one keyword."),
    "codebook.not_a_text": _m("{where}: '{name}' moet een niet-lege tekst zijn, gevonden {value}.",
                              "{where}: '{name}' must be a non-empty text, found {value}."),
    "codebook.not_a_text.hint": _m('Schrijf het als {name} = "...".', 'Write it as {name} = "...".'),
    "codebook.head_not_table": _m("{where}: [codebook] moet een tabel zijn.", "{where}: [codebook] must be a table."),
    "codebook.head_not_table.hint": _m("Zie het ingebouwde codeboek.", "See the built-in codebook."),
    "codebook.no_themes": _m("{where} heeft geen thema's.", "{where} has no themes."),
    "codebook.no_themes.hint": _m(
        "Voeg minstens één tabel [[theme]] toe met id, name_nl, name_en, definition_nl en keywords.",
        "Add at least one [[theme]] table with id, name_nl, name_en, definition_nl and keywords.",
    ),
    "codebook.theme_not_table": _m("{where}: verwacht een tabel [[theme]].", "{where}: expected a [[theme]] table."),
    "codebook.theme_not_table.hint": _m("Zie het ingebouwde codeboek.", "See the built-in codebook."),
    "codebook.theme_missing": _m("{where}: {keys} ontbreekt.", "{where}: missing {keys}."),
    "codebook.theme_missing.hint": _m(
        "Elk thema heeft id, name_nl, name_en, definition_nl en keywords nodig.",
        "Every theme needs id, name_nl, name_en, definition_nl and keywords.",
    ),
    "codebook.bad_id": _m("{where}: id {id!r} is geen geldige id voor een thema.",
                          "{where}: id {id!r} is not a valid theme id."),
    "codebook.bad_id.hint": _m(
        "Gebruik kleine letters, cijfers, '-' of '_' (hoogstens 40), bijvoorbeeld \"gebouw\".",
        "Use lower-case letters, digits, '-' or '_' (at most 40), for example \"gebouw\".",
    ),
    "codebook.id_twice": _m("{where}: id {id!r} wordt twee keer gebruikt.", "{where}: id {id!r} is used twice."),
    "codebook.id_twice.hint": _m("Geef elk thema een eigen id, of voeg de twee thema's samen.",
                                 "Give each theme its own id, or merge the two themes."),
    "codebook.emergent_id": _m(
        "{where}: id {id!r} begint met 'emergent-', en dat is bewaard voor nieuwe groepen.",
        "{where}: id {id!r} starts with 'emergent-', which is kept for new groups.",
    ),
    "codebook.emergent_id.hint": _m('Kies een id die zegt wat het is, bijvoorbeeld "veiligheid".',
                                    'Choose a descriptive id, for example "veiligheid".'),
    "codebook.bad_origin": _m("{where}: herkomst {origin!r} is onbekend.", "{where}: origin {origin!r} is not known."),
    "codebook.bad_origin.hint": _m('Gebruik "builtin", "community" of "emergent", of laat de regel weg.',
                                   'Use "builtin", "community" or "emergent", or leave the line out.'),
    "codebook.bad_version": _m("{where}, [codebook] version: verwacht een geheel getal.",
                               "{where}, [codebook] version: expected a whole number."),
    "codebook.bad_version.hint": _m("Schrijf version = 1.", "Write version = 1."),
    "codebook.missing": _m("Codeboek {file} bestaat niet.", "Codebook {file} does not exist."),
    "codebook.missing.hint": _m(
        "Controleer het pad in round.toml ([obstacles] codebook), of laat het weg om het ingebouwde codeboek te gebruiken.",
        "Check the path in round.toml ([obstacles] codebook), or leave it out to use the built-in codebook.",
    ),
    "codebook.has_theme": _m("{where} heeft al een thema {id!r}.", "{where} already has a theme {id!r}."),
    "codebook.theme_exists.hint": _m(
        "Kies een andere id, of zet de trefwoorden bij het bestaande thema door het codeboek te bewerken.",
        "Choose another id, or add the keywords to the existing theme by editing the codebook.",
    ),
    "codebook.promote_bad_id": _m("groep {group} promoveren: {id!r} is geen geldige id voor een thema.",
                                  "promoting {group}: {id!r} is not a valid theme id."),
    "codebook.promote_bad_id.hint": _m(
        "Gebruik kleine letters, cijfers, '-' of '_', niet beginnend met 'emergent-'.",
        "Use lower-case letters, digits, '-' or '_', not starting with 'emergent-'.",
    ),
    "codebook.promote_exists": _m("groep {group} promoveren: het codeboek heeft al een thema {id!r}.",
                                  "promoting {group}: the codebook already has a theme {id!r}."),
    "codebook.promote_no_keywords": _m("groep {group} promoveren: de groep heeft geen trefwoorden.",
                                       "promoting {group}: the group has no keywords."),
    "codebook.promote_no_keywords.hint": _m("Geef de trefwoorden zelf op.", "Give keywords explicitly."),
    "csv.missing": _m("{path} bestaat niet of is geen bestand.", "{path} does not exist or is not a file."),
    "csv.missing.hint": _m("Controleer het pad naar het CSV-bestand.", "Check the path to the CSV file."),
    "csv.not_utf8": _m("{path} is geen leesbare tekst: regel {line} is beschadigd (half UTF-8).",
                       "{path} is not readable text: line {line} is damaged (partly UTF-8)."),
    "csv.not_utf8.hint": _m(
        "Sla het bestand op als CSV UTF-8 (in Excel: 'CSV UTF-8 (door komma's gescheiden)').",
        "Save the file as CSV UTF-8 (in Excel: 'CSV UTF-8 (door komma's gescheiden)').",
    ),
    "csv.empty": _m("{path} is leeg.", "{path} is empty."),
    "csv.empty.hint": _m("Geef een CSV-bestand met een kopregel en één antwoord per rij.",
                         "Give a CSV file with a header row and one answer per row."),
    "csv.unreadable": _m("{path} kan niet als CSV worden gelezen: {reason}.", "{path} cannot be read as CSV: {reason}."),
    "csv.unreadable.hint": _m("Controleer de aanhalingstekens in het bestand.", "Check the quotes in the file."),
    "csv.no_column": _m("{path} heeft geen kolom {column!r} (opgegeven met {option}).",
                        "{path} has no column {column!r} (given with {option})."),
    "csv.no_column.hint": _m("Aanwezige kolommen: {present}.", "Columns present: {present}."),
    "csv.column_twice": _m("{path} heeft de kolom {column!r} meer dan eens.", "{path} has the column {column!r} more than once."),
    "csv.column_twice.hint": _m("Geef een van beide een andere naam.", "Rename one of them."),
    "csv.row_width": _m("{path}, gegevensrij {row}: {fields} velden, maar de kopregel heeft er {width}.",
                        "{path}, data row {row}: {fields} fields, but the header has {width}."),
    "csv.row_width.hint": _m(
        "Zet teksten met het scheidingsteken tussen aanhalingstekens, of sla het bestand opnieuw op vanuit het rekenblad.",
        "Quote texts that contain the separator, or save the file again from the spreadsheet.",
    ),
    "csv.out_is_input": _m("--out {out} is het invoerbestand.", "--out {out} is the input file."),
    "csv.out_is_input.hint": _m("Schrijf de thema's naar een nieuw bestand.", "Write the themes to a new file."),
    "csv.no_out_folder": _m("De map {folder} bestaat niet.", "The folder {folder} does not exist."),
    "csv.no_out_folder.hint": _m("Maak hem eerst, of kies een andere --out.", "Create it first, or choose another --out."),
    # -- the community key -------------------------------------------------------------------
    "privacy.short_secret": _m(
        "De gemeenschapssleutel in {where} is te kort ({length} bytes; er zijn er minstens {minimum} nodig).",
        "The community secret in {where} is too short ({length} bytes; at least {minimum} are needed).",
    ),
    "privacy.short_secret.hint": _m(
        "Gebruik 32 willekeurige bytes, bijvoorbeeld de uitvoer van: "
        "python -c \"import secrets; print(secrets.token_hex(32))\".",
        "Use 32 random bytes, for example the output of: python -c \"import secrets; print(secrets.token_hex(32))\".",
    ),
    "privacy.bad_community": _m("De gemeenschapsnaam {community!r} kan geen sleutelbestand benoemen.",
                                "The community name {community!r} cannot name a key file."),
    "privacy.bad_community.hint": _m(
        "Gebruik letters, cijfers, punten en streepjes voor [round] community in round.toml.",
        "Use letters, digits, dots and dashes for [round] community in round.toml.",
    ),
    "privacy.key_in_project": _m(
        "De sleutelmap {folder} ligt in {project}, een repository of rondemap; de sleutel van de gemeenschap "
        "mag nooit bij de gegevens worden bewaard of gedeeld.",
        "The key folder {folder} lies inside {project}, a repository or round folder; the community key must "
        "never be stored or shared with the data.",
    ),
    "privacy.key_in_project.hint": _m(
        "Zet {variable} op een map buiten elke repository (bijvoorbeeld ~/.config/samenspel).",
        "Set {variable} to a folder outside any repository (for example ~/.config/samenspel).",
    ),
    "privacy.unreadable_key": _m("De gemeenschapssleutel {path} kan niet worden gelezen ({reason}).",
                                 "The community key {path} cannot be read ({reason})."),
    "privacy.unreadable_key.hint": _m(
        "Controleer de rechten; is hij kwijt, dan veranderen de pseudoniemen voor elke volgende ronde.",
        "Check its permissions; if it is lost, pseudonyms will change for every later round.",
    ),
    # -- argparse's own texts (keys are its English texts) -----------------------------------
    "argparse:usage: ": _m("gebruik: ", "usage: "),
    "argparse:positional arguments": _m("argumenten", "positional arguments"),
    "argparse:options": _m("opties", "options"),
    "argparse:show this help message and exit": _m("toon deze hulp en stop", "show this help message and exit"),
    "argparse:%(prog)s: error: %(message)s\n": _m("%(prog)s: fout: %(message)s\n", "%(prog)s: error: %(message)s\n"),
    "argparse:the following arguments are required: %s": _m(
        "deze argumenten ontbreken: %s", "the following arguments are required: %s"
    ),
    "argparse:unrecognized arguments: %s": _m("onbekende argumenten: %s", "unrecognized arguments: %s"),
    "argparse:argument %(argument_name)s: %(message)s": _m(
        "argument %(argument_name)s: %(message)s", "argument %(argument_name)s: %(message)s"
    ),
    "argparse:invalid choice: %(value)r (choose from %(choices)s)": _m(
        "ongeldige keuze: %(value)r (kies uit %(choices)s)", "invalid choice: %(value)r (choose from %(choices)s)"
    ),
    "argparse:invalid %(type)s value: %(value)r": _m(
        "ongeldige waarde (%(type)s): %(value)r", "invalid %(type)s value: %(value)r"
    ),
    "argparse:expected one argument": _m("verwacht één waarde", "expected one argument"),
    "argparse:expected at most one argument": _m("verwacht hoogstens één waarde", "expected at most one argument"),
    "argparse:expected at least one argument": _m("verwacht minstens één waarde", "expected at least one argument"),
    "argparse:ambiguous option: %(option)s could match %(matches)s": _m(
        "dubbelzinnige optie: %(option)s kan %(matches)s zijn", "ambiguous option: %(option)s could match %(matches)s"
    ),
    "argparse:one of the arguments %s is required": _m(
        "een van de argumenten %s is nodig", "one of the arguments %s is required"
    ),
    "argparse:not allowed with argument %s": _m("niet toegestaan samen met %s", "not allowed with argument %s"),
    "argparse:ignored explicit argument %r": _m("genegeerde waarde %r", "ignored explicit argument %r"),
    "argparse:can't open '%(filename)s': %(error)s": _m(
        "kan '%(filename)s' niet openen: %(error)s", "can't open '%(filename)s': %(error)s"
    ),
}


@dataclass(frozen=True)
class Term:
    """A catalogue word used as a value in another message, translated along with it."""

    key: str


def say(key: str, lang: str | None = None, /, **values: object) -> str:
    """Return the message ``key`` in ``lang`` (default: the command's language) with ``values``."""
    lang = lang or CLI_LANGUAGE.get()
    values = {name: say(v.key, lang) if isinstance(v, Term) else v for name, v in values.items()}
    return translate(MESSAGES, key, lang, **values)


def argparse_text(message: str) -> str:
    """Return argparse's English ``message`` in the command's language (unknown ones unchanged)."""
    key = f"argparse:{message}"
    return say(key) if key in MESSAGES else message


def choose_language(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> Language | None:
    """Return the language asked for by ``--lang`` in ``argv`` or ``$SAMENSPEL_LANG`` (None: an unknown one there).

    Read before the arguments are parsed, so that the help itself is in that language.
    """
    environ = os.environ if environ is None else environ
    asked: str | None = None
    for at, argument in enumerate(argv):
        if argument == "--":
            break
        if argument == "--lang" and at + 1 < len(argv):
            asked = argv[at + 1]
        elif argument.startswith("--lang="):
            asked = argument.partition("=")[2]
    if asked is not None:
        # an unknown --lang is argparse's to refuse, in the default language
        return Language(asked) if asked in set(Language) else DEFAULT_LANGUAGE
    asked = environ.get(LANGUAGE_VARIABLE, "").strip().lower() or DEFAULT_LANGUAGE
    return Language(asked) if asked in set(Language) else None
