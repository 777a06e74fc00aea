#!/usr/bin/env python3
"""The CI examples (examples/ci/) run: their journeyctl steps, in order,
against a temporary git repository with a pull request's branch.

The repository has an `origin` (a bare repository) whose main holds the
workspace of diff_test.py; the branch `feature` raises the segment
threshold (engaged: score >= 6 -> >= 8), which changes the numbers
whatever the clock says: two of five profiles no longer enter nurture, so
entries 5 -> 3 (-40.0%). Posting is recorded, not done: `gh` (GitHub) and
`curl` (GitLab) are replaced by scripts that keep their arguments and the
comment's body.

GitHub Actions: the steps marked "# tested" (validate, diff, comment) run
as Actions runs them (bash -eo pipefail, the workflow's env, the
pull_request variables); the job's `if: always()` is honoured by running
the comment step after a failed diff. GitLab CI: the job's script lines run
as one bash -eo pipefail script, with the merge request's variables.
Each runs twice: with the examples' rule (messages>+10%, not tripped:
exit 0) and with messages<-10% (tripped: the diff fails the job, and the
comment is posted all the same).

Usage: ci_examples_test.py JOURNEYCTL
"""
import os
import shutil
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diff_test  # noqa: E402  (the workspace and git helpers)

try:
    import yaml
except ImportError:  # PyYAML reads the examples; without it, skip
    yaml = None

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "examples", "ci")

RECORDER = """#!/usr/bin/env python3
# Records a call instead of posting: the arguments, and the body file's text.
import json, os, sys
args = sys.argv[1:]
body = None
for i, a in enumerate(args):
    if a == "--body-file":
        body = open(args[i + 1], encoding="utf-8").read()
    if a.startswith("body@"):
        body = open(a[len("body@"):], encoding="utf-8").read()
with open(os.environ["RECORD"], "a", encoding="utf-8") as handle:
    handle.write(json.dumps({"tool": os.path.basename(sys.argv[0]), "args": args, "body": body}) + "\\n")
"""


def make_repositories(top):
    origin = os.path.join(top, "origin.git")
    subprocess.run(diff_test.GIT + ["init", "-q", "--bare", origin], check=True)
    work = os.path.join(top, "work")
    diff_test.make_repo(work, diff_test.FILES, folder=".")
    subprocess.run(diff_test.GIT + ["-C", work, "remote", "add", "origin", origin], check=True)
    subprocess.run(diff_test.GIT + ["-C", work, "push", "-q", "origin", "main"], check=True)
    subprocess.run(diff_test.GIT + ["-C", work, "fetch", "-q", "origin"], check=True)
    subprocess.run(diff_test.GIT + ["-C", work, "checkout", "-q", "-b", "feature"], check=True)
    diff_test.write(work, {"segments/engaged.yaml": "segment: engaged\nwhere: profile.score >= 8\n"})
    subprocess.run(diff_test.GIT + ["-C", work, "commit", "-q", "-am", "Raise the engaged threshold"], check=True)
    return work


def tools(top, binary):
    """A folder for PATH: journeyctl, and recorders for gh and curl."""
    bindir = os.path.join(top, "bin")
    os.makedirs(bindir)
    os.symlink(binary, os.path.join(bindir, "journeyctl"))
    for name in ("gh", "curl"):
        path = os.path.join(bindir, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(RECORDER.replace("#!/usr/bin/env python3", "#!" + sys.executable))
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return bindir


def base_env(top, bindir, record):
    home = os.path.join(top, "home")
    os.makedirs(home, exist_ok=True)
    return {"PATH": bindir + ":" + os.environ.get("PATH", ""), "HOME": home, "RECORD": record, "NO_COLOR": "1",
            "GIT_CONFIG_NOSYSTEM": "1"}


def run_github(top, work, bindir, fail_on):
    with open(os.path.join(EXAMPLES, "github-actions.yml"), encoding="utf-8") as handle:
        workflow = yaml.safe_load(handle)
    record = os.path.join(top, "github.jsonl")
    env = base_env(top, bindir, record)
    env.update({k: str(v) for k, v in workflow["env"].items()})
    env.update({"GITHUB_BASE_REF": "main", "GITHUB_REPOSITORY": "acme/journeys", "GITHUB_OUTPUT": os.path.join(top, "out"),
                "JOURNEYCTL_FAIL_ON": fail_on})
    statuses = {}
    for step in workflow["jobs"]["journeyctl"]["steps"]:
        if step.get("id") not in ("validate", "diff", "comment"):
            continue
        step_env = dict(env)
        # ${{ ... }} values are the runner's: the pull request's number and a token.
        step_env.update({"GH_TOKEN": "token", "PR_NUMBER": "7"} if "env" in step else {})
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=work,
                                env=step_env, capture_output=True, text=True)
        statuses[step["id"]] = result.returncode
        if result.returncode not in (0, 1):
            raise AssertionError(f"github step {step['id']} exited {result.returncode}: {result.stderr}")
    return statuses, read_records(record)


def run_gitlab(top, work, bindir, fail_on):
    with open(os.path.join(EXAMPLES, "gitlab-ci.yml"), encoding="utf-8") as handle:
        job = yaml.safe_load(handle)["journeyctl"]
    record = os.path.join(top, "gitlab.jsonl")
    env = base_env(top, bindir, record)
    env.update({k: str(v) for k, v in job["variables"].items()})
    env.update({"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_API_V4_URL": "https://gitlab.example/api/v4",
                "CI_PROJECT_ID": "42", "CI_MERGE_REQUEST_IID": "7", "JOURNEYCTL_NOTE_TOKEN": "token",
                "JOURNEYCTL_FAIL_ON": fail_on})
    script = "\n".join(job["script"])
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=work, env=env,
                            capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise AssertionError(f"gitlab script exited {result.returncode}: {result.stderr}")
    return result.returncode, read_records(record)


def read_records(path):
    import json
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def check_comment(records, tool):
    assert len(records) == 1, records
    body = records[0]["body"]
    assert records[0]["tool"] == tool
    assert body.startswith("### journeyctl diff"), body
    assert "| entries | 5 | 3 | -2 (-40.0%) |" in body, body
    assert "#### `nurture` (affected)" in body, body
    return records[0]


def main():
    binary = os.path.abspath(sys.argv[1])
    if yaml is None or shutil.which("git") is None:
        print("PyYAML or git not found: skipped")
        return 125
    failures = 0
    for fail_on, expected in (("messages>+10%", 0), ("messages<-10%", 1)):
        top = tempfile.mkdtemp(prefix="journeyctl-ci-")
        try:
            work = make_repositories(top)
            bindir = tools(top, binary)
            statuses, records = run_github(top, work, bindir, fail_on)
            assert statuses == {"validate": 0, "diff": expected, "comment": 0}, statuses
            posted = check_comment(records, "gh")
            assert posted["args"][:3] == ["pr", "comment", "7"], posted
            assert ("- :x:" if expected else "- :white_check_mark:") in posted["body"], posted["body"]
            status, records = run_gitlab(top, work, bindir, fail_on)
            assert status == expected, status
            posted = check_comment(records, "curl")
            assert "https://gitlab.example/api/v4/projects/42/merge_requests/7/notes" in posted["args"], posted
            assert "PRIVATE-TOKEN: token" in posted["args"], posted
            print(f"ok   {fail_on}: exit {expected}, comment posted on GitHub and GitLab")
        except AssertionError as error:
            failures += 1
            print(f"FAIL {fail_on}: {error}")
        finally:
            shutil.rmtree(top, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
