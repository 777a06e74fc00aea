# One template line of 200,000 tags (a name the data lacks, so each renders
# as nothing): parsing must stay linear in the line's length (a scan back
# to the line's start per tag took 6 s for 40,000 tags, and would take
# minutes for these).
import os

os.makedirs("templates", exist_ok=True)
with open("templates/wide_sms.yaml", "w") as out:
    out.write("template: wide_sms\nchannel: sms\nbody: |\n")
    out.write("  Hi " + "{{x}}" * 200000 + "!\n")
