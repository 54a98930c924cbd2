"""The explorer's two layouts, by the names `dgkg viz --layout` takes and the page reads.

Apart from viz.explorer, which loads igraph and pypinyin (a second), so that the command's
options are known without them.
"""

POSITIONS, PHYSICS = "positions", "physics"  # computed here, or by ForceAtlas2 in the reader's browser
