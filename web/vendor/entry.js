// What the query page takes from npm, exposed as the global `dgkgYasgui` (see build.sh).
import Yasqe from "@triply/yasqe";
import Yasr from "@triply/yasr";
import "@triply/yasqe/build/yasqe.min.css";
import "@triply/yasr/build/yasr.min.css";

export { Yasqe, Yasr };
