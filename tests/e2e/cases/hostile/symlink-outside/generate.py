# A template body that is a symlink to a host file: refused like the file itself.
import os
os.symlink("/etc/passwd", "templates/welcome.html")
