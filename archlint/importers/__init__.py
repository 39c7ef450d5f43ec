"""Drafting a design from what a team already deploys: docker compose files, Kubernetes manifests.

    from archlint.importers import compose_draft, write
    text = write(compose_draft(["docker-compose.yml"], environment=dict(os.environ)))

The importers read YAML with the safe loader only, within size limits, and never touch the
network or run anything. They use the library as any user would and sit beside the CLI.
"""

from __future__ import annotations

from .draft import Draft
from .emit import write
from .yamlfile import ImportFailure

__all__ = ["Draft", "ImportFailure", "compose_draft", "k8s_draft", "write"]


def compose_draft(files: list[str], *, environment: dict[str, str], env_file: str | None = None,
                  profiles: list[str] = (), command: str = "archlint import compose") -> Draft:
    from . import compose
    from .infer import infer

    deployment = compose.read(files, environment=environment, env_file=env_file, profiles=list(profiles))
    draft = infer(deployment, command, schedule_attribute=schedule_supported())
    draft.notes.extend(deployment.notes)
    return draft


def k8s_draft(paths: list[str], *, command: str = "archlint import k8s") -> Draft:
    from . import k8s
    from .infer import infer

    deployment = k8s.read(paths)
    draft = infer(deployment, command, schedule_attribute=schedule_supported())
    draft.notes.extend(deployment.notes)
    return draft


def schedule_supported() -> bool:
    """Whether this archlint's language has the `schedule` attribute (a v2 addition)."""
    from ..loader import load

    result = load("<probe>.arch", 'worker probe [schedule="0 3 * * *"]\n')
    return not any(f.code in ("L006", "L007") for f in result.findings)
