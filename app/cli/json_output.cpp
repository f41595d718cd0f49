#include "app/cli/json_output.h"

namespace cli {

QJsonArray toJson(const emu::Vector& v)
{
    QJsonArray array;
    for (emu::Index i = 0; i < v.size(); ++i)
        array.append(v(i));
    return array;
}

QJsonArray toJson(const emu::Matrix& m)
{
    QJsonArray rows;
    for (emu::Index i = 0; i < m.rows(); ++i) {
        QJsonArray row;
        for (emu::Index j = 0; j < m.cols(); ++j)
            row.append(m(i, j));
        rows.append(row);
    }
    return rows;
}

} // namespace cli
