"""A case's inputs in its working directory, for every script that runs an
e2e case folder (run_case.py, check_eml.py): the files/ tree copied, then
the generator run there, so that the scripts cannot drift apart.

The generator is the case's generate.py, or the shared one its `generator`
file names (tests/e2e/generators/NAME.py) when several cases need the same
hostile inputs."""
import os
import shutil
import subprocess
import sys

GENERATORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "generators")


def generator_of(case_dir):
    """The generator script of a case, or None."""
    named = os.path.join(case_dir, "generator")
    if os.path.exists(named):
        with open(named, encoding="utf-8") as handle:
            path = os.path.join(GENERATORS, handle.read().strip() + ".py")
        if not os.path.exists(path):
            raise SystemExit(f"{named}: no generator {path}")
        return path
    own = os.path.join(case_dir, "generate.py")
    return os.path.abspath(own) if os.path.exists(own) else None


def prepare_workdir(case_dir, workdir):
    """Copies the case's files/ into workdir and runs its generator there."""
    files = os.path.join(case_dir, "files")
    if os.path.isdir(files):
        shutil.copytree(files, workdir, dirs_exist_ok=True)
    generator = generator_of(case_dir)
    if generator:
        subprocess.run([sys.executable, generator], cwd=workdir, check=True)
