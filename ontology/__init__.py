"""The dgkg ontology room: the OWL modules, the SHACL shapes, and the code that reads them.

Everything other rooms need comes through here: ``load_ontology()`` and ``load_shapes()``
give rdflib graphs, ``OntologyIndex`` resolves the names records use, ``reason()`` has HermiT
(or OWL-RL without Java) decide the ontology and dgkg's own checks the instances, and returns
only the inferences worth keeping, ``rdfio`` reads
and writes RDF for every room (one registry of formats, canonical output), and ``to_rdfxml()``
writes the RDF/XML that Protégé and owlready2 open.
"""

import lazy_loader

# Each name is imported when first used (the names are in __init__.pyi), so a command pays only
# for the modules it touches.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
