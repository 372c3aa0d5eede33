// The project database schema, as an ordered list of migrations. Version N of the schema is the
// result of migrations 1..N; PRAGMA user_version records how far a database has come.
#pragma once

#include <string_view>
#include <vector>

namespace synset::schema {

const std::vector<std::string_view> &migrations();
inline int currentVersion()
{
    return static_cast<int>(migrations().size());
}

} // namespace synset::schema
