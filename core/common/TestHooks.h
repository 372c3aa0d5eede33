// Named points in long work where a test can hold the worker thread, so that a pause or a cancel
// lands at a known place on any machine, fast or slow (tests/Gate.h). Nothing is installed in the
// application: reaching a point then costs one atomic load.
#pragma once

#include <functional>
#include <string_view>

namespace synset::hooks {

// Points reached so far: "generation batch stored" (its images and rows are committed), "training
// epoch stored" (its metrics are written), "sample step shown" (a preview is on its way).
using Hook = std::function<void(std::string_view point)>;

// Installs the hook for every thread (an empty one removes it).
void install(Hook hook);
// Calls the installed hook, if any, on this thread.
void reach(std::string_view point);

} // namespace synset::hooks
