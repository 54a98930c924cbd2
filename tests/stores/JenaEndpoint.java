// A SPARQL 1.1 Protocol query endpoint over a Jena TDB2 dataset, for tests only: Fuseki is not
// packaged by Debian, and starting a JVM per query (tdb2.tdbquery) would take minutes for the
// library. Run with the JDK's source launcher:
//   java -cp '/usr/share/java/*' JenaEndpoint.java TDB2-DIR PORT
// It answers POST (form-encoded) and GET ?query= at /sparql on 127.0.0.1, with the default graph
// the union of the named graphs (tdb2:unionDefaultGraph), as docs/remote-stores.md configures Fuseki.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.tdb2.TDB2Factory;

public class JenaEndpoint {
    public static void main(String[] args) throws IOException {
        Dataset dataset = TDB2Factory.connectDataset(args[0]);
        dataset.getContext().set(TDB2.symUnionDefaultGraph, true);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 16);
        server.createContext("/sparql", exchange -> answer(dataset, exchange));
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        System.out.println("listening");
    }

    private static void answer(Dataset dataset, HttpExchange exchange) throws IOException {
        byte[] body;
        int status = 200;
        String type;
        try {
            String text = queryText(exchange);
            Query query = QueryFactory.create(text);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Txn.executeRead(dataset, () -> {
                try (QueryExecution execution = QueryExecutionFactory.create(query, dataset)) {
                    if (query.isSelectType()) {
                        ResultSetFormatter.outputAsJSON(out, execution.execSelect());
                    } else if (query.isAskType()) {
                        ResultSetFormatter.outputAsJSON(out, execution.execAsk());
                    } else if (query.isConstructType()) {
                        RDFDataMgr.write(out, execution.execConstruct(), Lang.TURTLE);
                    } else {
                        RDFDataMgr.write(out, execution.execDescribe(), Lang.TURTLE);
                    }
                }
            });
            body = out.toByteArray();
            type = query.isSelectType() || query.isAskType() ? "application/sparql-results+json" : "text/turtle";
        } catch (RuntimeException error) {
            status = 400;
            body = String.valueOf(error.getMessage()).getBytes(StandardCharsets.UTF_8);
            type = "text/plain; charset=utf-8";
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(body);
        }
    }

    private static String queryText(HttpExchange exchange) throws IOException {
        String form = "POST".equals(exchange.getRequestMethod())
            ? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
            : exchange.getRequestURI().getRawQuery();
        for (String pair : form.split("&")) {
            if (pair.startsWith("query=")) {
                return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("no query parameter");
    }
}
