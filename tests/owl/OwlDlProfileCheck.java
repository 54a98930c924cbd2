import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.RDFXMLDocumentFormat;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.RDFParserMetaData;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

/**
 * Checks RDF documents against OWL 2 DL with the OWL API, the reference implementation of the
 * OWL 2 mapping and profiles. Prints one line per problem, "file TAB kind TAB description" (kind:
 * the OWL API's violation class, or UnparsedTriple), and exits 1 if there is any.
 *
 * Two kinds of problem: a profile violation (undeclared datatype, illegal punning, ...), and an
 * RDF triple that the parser could not map to any OWL axiom. The second matters as much as the
 * first: the OWL API drops such triples silently, so the profile check alone would pass a
 * document that is not an OWL 2 DL ontology at all.
 *
 * Usage: java -cp "owlapi jars" OwlDlProfileCheck.java FILE... (.owl RDF/XML, .ttl, .nt)
 */
public final class OwlDlProfileCheck {
    private OwlDlProfileCheck() {}

    public static void main(String[] args) throws Exception {
        List<String> problems = new ArrayList<>();
        for (String path : args) {
            OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
            OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new FileDocumentSource(new File(path), formatOf(path)));
            for (OWLProfileViolation violation : new OWL2DLProfile().checkOntology(ontology).getViolations()) {
                problems.add(String.join("\t", path, violation.getClass().getSimpleName(), violation.toString()));
            }
            OWLDocumentFormat format = manager.getOntologyFormat(ontology);
            if (format != null && format.getOntologyLoaderMetaData().isPresent()) {
                RDFParserMetaData parsed = (RDFParserMetaData) format.getOntologyLoaderMetaData().get();
                parsed.getUnparsedTriples().forEach(t -> problems.add(String.join("\t", path, "UnparsedTriple", t.toString())));
            }
        }
        problems.forEach(System.out::println);
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    private static OWLDocumentFormat formatOf(String path) {
        // N-Triples is a subset of Turtle: the OWL API's own Turtle parser reads both (its N-Triples
        // parser goes through RDF4J Rio, which needs JAXB on the class path).
        return path.endsWith(".owl") || path.endsWith(".rdf") ? new RDFXMLDocumentFormat() : new TurtleDocumentFormat();
    }
}
