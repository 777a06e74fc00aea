"""The small workspace the webhook send tests share: one webhook channel
`hook` posting to a given URL, profiles p0, p1, ... (all consenting), the
segment `everyone` and the template `ping` ({"profile": ID})."""
import os


def write_webhook_workspace(root, url, profiles, channel_lines=(), extra_profile_rows=""):
    """Writes the workspace into `root` (created if missing); `channel_lines`
    are more settings of the channel ("signing_secret: ${HOOK_SECRET}")."""
    for sub in ("data", "segments", "templates"):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
    settings = "".join(f"    {line}\n" for line in channel_lines)
    write(os.path.join(root, "journeyctl.yaml"), f"""workspace: send-test
data:
  profiles:
    file: data/profiles.csv
    key: id
channels:
  hook:
    provider: webhook
    url: {url}
    to: profile.id
{settings}policies:
  consent:
    hook: profile.opt_in
""")
    write(os.path.join(root, "data", "profiles.csv"),
          "id,opt_in\n" + "".join(f"p{i},true\n" for i in range(profiles)) + extra_profile_rows)
    write(os.path.join(root, "segments", "everyone.yaml"), 'segment: everyone\nwhere: "true"\n')
    write(os.path.join(root, "templates", "ping.yaml"),
          'template: ping\nchannel: hook\nbody: \'{"profile": "{{profile.id}}"}\'\n')


def write(path, text):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
