# A Latin-1 byte in a description: not UTF-8, so loading refuses the file
# at that byte instead of letting it reach JSON output.
with open("segments/vip.yaml", "wb") as handle:
    handle.write(b'segment: vip\ndescription: "Caf\xe9 lovers"\nwhere: profile.tier == "gold"\n')
