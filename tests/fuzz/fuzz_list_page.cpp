// What the poller reads of a page of a Spree store's lists (poll/ListPage): the rows of a page of orders,
// customers (users) or products as API v1 or the Admin API v3 serves it, and each row in the hub's shape. A
// store's answer is outside the hub's control: nothing in it may crash the poller. The input is an answer's
// body, read as every resource's page of both APIs.

#include "FuzzCheck.h"

#include "core/Json.h"
#include "poll/ListPage.h"

using namespace engine;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const Json page = Json::parse(body.begin(), body.end(), nullptr, false);
    for (const ListPage::Resource resource :
         {ListPage::Resource::Orders, ListPage::Resource::Customers, ListPage::Resource::Products}) {
        for (const ApiVersion api : {ApiVersion::V1, ApiVersion::V3}) {
            const Result<std::vector<ListPage::Row>> rows = ListPage::read(resource, api, body);
            if (!rows) {
                FUZZ_CHECK(!rows.error().message.isEmpty(), "a page refused without a reason");
                FUZZ_CHECK(page.is_discarded() || !ListPage::read(resource, api, page),
                           "the body refused, its JSON taken");
                continue;
            }
            FUZZ_CHECK(page.is_object(), "a page taken that is not an object");
            FUZZ_CHECK(rows->size() == page[ListPage::rowsKey(resource, api)].size(), "rows lost or made up");
            for (const ListPage::Row &row : *rows) {
                FUZZ_CHECK(row.key.empty() || row.listed.is_object(), "a key from a row that is not an object");
                // The poller maps an order as fetched in full; any JSON may come back from that too.
                const Json object = ListPage::mapped(resource, api, row.listed);
                FUZZ_CHECK(object.is_object(), "a row mapped to something other than an object");
                FUZZ_CHECK(ListPage::mapped(resource, api, row.listed).dump() == object.dump(),
                           "a row mapped two ways");
                (void)object.dump(); // what the poller keeps; throws on what is not UTF-8
            }
        }
    }
    return 0;
}
