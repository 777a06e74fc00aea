# A profile whose name is not UTF-8 (Latin-1 bytes), written here since a
# committed file must stay valid text.
with open("data/profiles.csv", "wb") as f:
    f.write(b"customer_id,name,age,tier\nc1,Ana,31,gold\nc2,Jos\xe9 M\xfcller,42,silver\nc3,Cy,27,gold\n")
