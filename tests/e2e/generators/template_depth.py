# A template whose blocks nest 25,000 deep, one tag a line (the diagnostic
# shows only the line of the block that goes too deep): all four kinds of
# block, in turn.
import os

kinds = [("{{#if true}}", "{{/if}}"), ("{{#each [1]}}", "{{/each}}"), ("{{#name}}", "{{/name}}"),
         ("{{^name}}", "{{/name}}")]
opens = [kinds[i % 4][0] for i in range(25000)]
closes = [kinds[i % 4][1] for i in reversed(range(25000))]
os.makedirs("templates", exist_ok=True)
with open("templates/deep_sms.yaml", "w") as out:
    out.write("template: deep_sms\nchannel: sms\nbody: |\n")
    for line in opens + ["Hello {{profile.first_name}}"] + closes:
        out.write("  " + line + "\n")
