// Routes of the console area (see src/routes/README.md). Children of the layout named below;
// each view is a dynamic import (its own chunk).
export default [];
