# A workspace file that is a symlink to itself: the read error says why.
import os
os.symlink("loop.yaml", "segments/loop.yaml")
