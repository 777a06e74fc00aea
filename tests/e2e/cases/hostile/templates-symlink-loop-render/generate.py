# templates/ is a symlink to itself: render names the read error, not an
# unknown template.
import os
os.symlink("templates", "templates")
