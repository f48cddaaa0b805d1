"""Build: the whole build of a project (project.py), per-brief work (run.py), state, editions, preview."""

from briefgen.builder.options import BuildOptions
from briefgen.builder.project import BuildReport, build_project

__all__ = ["BuildOptions", "BuildReport", "build_project"]
