// What the explorer takes from npm, exposed as the global `dgkgLib` (see build.sh).
import Graph from "graphology";
import Sigma from "sigma";
import { NodeProgram } from "sigma/rendering";
import { floatColor } from "sigma/utils";
import { getCameraStateToFitViewportToNodes } from "@sigma/utils";
import forceAtlas2 from "graphology-layout-forceatlas2";
import noverlap from "graphology-layout-noverlap";

export { Graph, Sigma, NodeProgram, floatColor, getCameraStateToFitViewportToNodes, forceAtlas2, noverlap };
