"""The case loop the delivery scripts share: each `case_NAME` function of a
script is a case; the command line names the cases to run (all by
default); every case runs, ok or FAIL, and the exit code says whether one
failed."""
import sys


def cases_of(namespace):
    """{NAME: function} for the case_NAME functions of a module's globals()."""
    return {name[5:]: fn for name, fn in namespace.items() if name.startswith("case_")}


def run_cases(cases, names, run_one):
    """Runs run_one(case function) for each name (all when `names` is
    empty), printing "ok   NAME" or "FAIL NAME: why"; exits 1 if one
    failed, 0 otherwise."""
    failures = 0
    for name in names or list(cases):
        try:
            run_one(cases[name])
            print(f"ok   {name}")
        except Exception as error:  # report every case, then fail
            failures += 1
            print(f"FAIL {name}: {error}")
    sys.exit(1 if failures else 0)
