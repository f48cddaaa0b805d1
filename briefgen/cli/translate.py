"""`briefgen translate …`: the content's translation catalogs and the label catalogs."""

from __future__ import annotations

import click

from briefgen.cli.common import echo, workspace


@click.group()
def translate() -> None:
    """Translate the content and the labels into other languages (gettext catalogs).

    A brief with another `language:` than the content's shows the translations from
    translations/<lang>.po; a text whose translation is missing or outdated is printed in
    its original language, marked as such, and `check` warns of it.

    \b
    Examples:
      briefgen translate update fr tr      # write or update translations/fr.po and tr.po
      briefgen translate status            # how much is translated, per language and brief
      briefgen translate labels hy         # locale/hy.po with every label to translate
    """


@translate.command()
@click.argument("languages", nargs=-1, metavar="[LANG]...")
@click.pass_context
def update(ctx: click.Context, languages: tuple[str, ...]) -> None:
    """Write or update translations/<LANG>.po with every translatable text of the content.

    One entry per text, its context (msgctxt) the item's id and field; translations already
    made are kept, an entry whose original changed is marked fuzzy (and not printed until
    it is checked). Without LANG: every language a brief is in, and every catalog present.

    \b
    Examples:
      briefgen translate update fr
      briefgen translate update          # every brief's language
    """
    from briefgen.builder.translations import update as update_catalogs

    results = update_catalogs(workspace(ctx), languages)
    if not results:
        echo("no brief is in another language than the content: name a language, e.g. fr")
    for r in results:
        name = f"translations/{r.path.name}"
        if not r.written:
            echo(
                f"{name}: up to date ({r.obsolete} obsolete)"
                if r.obsolete
                else f"{name}: up to date"
            )
            continue
        echo(f"{name}: {r.added} new, {r.fuzzy} fuzzy (original changed), {r.obsolete} obsolete")


@translate.command()
@click.pass_context
def status(ctx: click.Context) -> None:
    """Show, per language and per brief, how many texts are translated, outdated and missing.

    Outdated: marked fuzzy, or the original was edited since it was translated (run
    `translate update` to mark it fuzzy in the catalog).

    \b
    Example:
      briefgen translate status
    """
    from briefgen.builder.translations import status as count

    languages, briefs = count(workspace(ctx))
    if not languages and not briefs:
        echo("no brief is in another language than the content, and translations/ is empty")
        return
    header = f"{'':<20} {'lang':<6} {'texts':>6} {'translated':>11} {'outdated':>9} {'missing':>8}"
    echo(header)
    for title, rows in (("catalog", languages), ("brief", briefs)):
        for c in rows:
            share = f"{100 * c.translated / c.total:.0f} %" if c.total else "-"
            echo(
                f"{(title + ' ' + c.name):<20} {c.language:<6} {c.total:>6} {c.translated:>6}"
                f" {share:>4} {c.outdated:>9} {c.missing:>8}  {c.where}"
            )


@translate.command()
@click.argument("languages", nargs=-1, required=True, metavar="LANG...")
@click.pass_context
def labels(ctx: click.Context, languages: tuple[str, ...]) -> None:
    """Write or update locale/<LANG>.po with every label briefgen writes into a brief.

    Labels are the words of the templates and the Word file ("Contents", "Source:", …),
    the project's own templates' included. Translations already in the file are kept; for a
    language briefgen ships, its translations fill the rest; an empty one prints in English.

    \b
    Examples:
      briefgen translate labels hy       # start a catalog for Armenian
      briefgen translate labels fr       # a copy of the French labels to change
    """
    from briefgen.translate.labels import write_labels

    root = ctx.obj["root"]
    for tag in languages:
        done = write_labels(root, tag)
        state = "written" if done.written else "up to date"
        echo(
            f"locale/{done.path.name}: {state}, {done.messages} labels,"
            f" {done.untranslated} to translate"
        )
