// The one entry of the bundle: the runtime behind window.mlpRunner.load().
import { loadCowasm } from "./cowasm";

window.mlpRunner = { load: loadCowasm };
