# segments/ is a symlink to itself: a read error (exit 2), not an empty folder.
import os
os.symlink("segments", "segments")
