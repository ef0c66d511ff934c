// Synthetic entity and inspector files. Every row is drawn from its own SplitMix64 stream keyed
// by (seed, row), so two threads can format alternate batches into private buffers that are
// written in order; word tables are built once per call and rows are formatted with memcpy.
#include "app/gen.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <string_view>
#include <system_error>
#include <thread>

#include "app/synthetic.h"
#include "core/industry.h"
#include "core/region.h"
#include "core/uscc.h"

namespace sunlit::app {
namespace {

using synth::Rng;
using synth::WeightedIndex;

// Stream identifiers for Rng::ForIndex: each purpose draws from its own streams.
constexpr uint64_t kEntityStream = 1;
constexpr uint64_t kInspectorStream = 2;
constexpr uint64_t kPermutationStream = 3;

// ---------------------------------------------------------------------------------------------
// Regulatory tags.

// Sorted, so that a row's tags come out sorted by walking the bits in order.
constexpr std::string_view kTagNames[] = {
    "catering",     "cosmetics",           "food_production", "food_retail",
    "fuel_retail",  "hazardous_chemicals", "medical_devices", "pharmacy",
    "prepaid_card", "public_venue",        "school_canteen",  "special_equipment"};
constexpr size_t kTagCount = std::size(kTagNames);

int TagIndex(std::string_view name) {
  for (size_t i = 0; i < kTagCount; ++i) {
    if (kTagNames[i] == name) return static_cast<int>(i);
  }
  return -1;
}

uint32_t TagBit(std::string_view name) { return 1u << TagIndex(name); }

bool In(std::string_view cls, std::initializer_list<std::string_view> codes) {
  return std::find(codes.begin(), codes.end(), cls) != codes.end();
}

// The tags every entity of GB/T 4754 class `cls` carries (licences that come with the trade).
uint32_t MandatoryTags(std::string_view cls) {
  uint32_t t = 0;
  const std::string_view div = cls.substr(0, 2);
  if ((div == "13" || div == "14" || div == "15") && cls.substr(0, 3) != "132" && cls != "1332" &&
      cls != "1511") {
    t |= TagBit("food_production");
  }
  if (In(cls, {"5121", "5122", "5123", "5124", "5125", "5126", "5127", "5129", "5212", "5213",
               "5221", "5222", "5223", "5224", "5225", "5226", "5229"})) {
    t |= TagBit("food_retail");
  }
  if (div == "62") t |= TagBit("catering");
  if (cls == "5265") t |= TagBit("fuel_retail");
  if (cls == "5251" || cls == "5252") t |= TagBit("pharmacy");
  if (In(cls, {"5154", "5254", "5255"}) || cls.substr(0, 3) == "358") {
    t |= TagBit("medical_devices");
  }
  if (In(cls, {"2682", "5134", "5234"})) t |= TagBit("cosmetics");
  if (In(cls, {"5162", "5266", "5296", "5435", "5942"}) || cls.substr(0, 3) == "261") {
    t |= TagBit("hazardous_chemicals");
  }
  if (In(cls, {"3332", "3411", "3435", "3436"})) t |= TagBit("special_equipment");
  if (In(cls, {"6110", "6121", "6129", "6130", "8040", "8051", "8052", "8930", "9011", "9012",
               "9013"})) {
    t |= TagBit("public_venue");
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Industry profiles: which classes each type of entity works in, and how it names itself.

struct ProfileSpec {
  std::string_view cls;    // a GB/T 4754 class, or a section letter (any class of the section)
  uint32_t weight;         // relative, within the type
  std::string_view words;  // '|'-separated name tails (see the tables)
  std::string_view extra;  // ','-separated optional tags "tag@permille" beyond MandatoryTags
};

// Enterprises (91): tails go between the trade name and the company form (有限公司 …).
constexpr ProfileSpec kEnterpriseProfiles[] = {
    // F51 wholesale
    {"5121", 100, "粮油|米业|粮油贸易", ""},
    {"5123", 100, "农产品|果业|果蔬贸易", ""},
    {"5124", 80, "冷链食品|食品贸易|冻品", ""},
    {"5127", 150, "酒业|茶业|酒类贸易", ""},
    {"5129", 150, "食品贸易|食品|商贸", ""},
    {"5132", 80, "服饰|服装贸易", ""},
    {"5134", 50, "日化|化妆品", ""},
    {"5138", 50, "电器|家电", ""},
    {"5151", 40, "医药|药业", ""},
    {"5154", 40, "医疗器械|医疗科技", ""},
    {"5162", 60, "石油化工|能源|石化", ""},
    {"5165", 300, "建材|建筑材料|新型建材", ""},
    {"5169", 60, "化工|化工贸易", "hazardous_chemicals@600"},
    {"5172", 60, "汽车贸易|汽车配件", ""},
    {"5174", 200, "五金机电|机电设备|五金", ""},
    {"5175", 80, "电气设备|电力设备", ""},
    {"5176", 80, "电子科技|信息技术", ""},
    {"5179", 60, "机械设备|设备", ""},
    {"5191", 60, "再生资源|资源回收", ""},
    {"5193", 80, "电子商务|网络科技", ""},
    {"5199", 170, "商贸|贸易|实业", ""},
    // F52 retail
    {"5211", 100, "百货|商贸", "food_retail@500"},
    {"5212", 200, "超市|商业连锁|购物广场", "prepaid_card@300,special_equipment@200"},
    {"5213", 60, "便利店|便利连锁", ""},
    {"5234", 40, "化妆品|美妆", ""},
    {"5245", 30, "珠宝|黄金珠宝", ""},
    {"5251", 150, "大药房|医药连锁|药房连锁", "medical_devices@400"},
    {"5261", 80, "汽车销售|汽车贸易", ""},
    {"5263", 60, "汽车配件|汽配", ""},
    {"5265", 80, "石油|能源|石化", ""},
    {"5266", 15, "燃气|天然气", ""},
    {"5272", 60, "电器|家电", ""},
    {"5274", 60, "通讯|通信", ""},
    {"5283", 60, "家具|家居", ""},
    {"5287", 80, "建材|陶瓷", ""},
    {"5292", 150, "电子商务|网络科技", ""},
    {"5296", 15, "燃气|能源", ""},
    // E construction
    {"4790", 200, "建筑工程|建设工程|建设", ""},
    {"4813", 120, "市政工程|路桥工程|市政建设", ""},
    {"4822", 50, "水利水电工程|水利建设", ""},
    {"4891", 150, "园林绿化|园林工程|生态园林", ""},
    {"4910", 100, "电气安装工程|机电安装", ""},
    {"4920", 60, "管道工程|设备安装", ""},
    {"4999", 60, "安装工程|建筑安装", ""},
    {"5011", 200, "装饰工程|建筑装饰", ""},
    {"5012", 200, "装饰设计|家居装饰|装饰", ""},
    {"5013", 60, "幕墙工程|幕墙", ""},
    // C manufacturing
    {"1311", 40, "米业|粮油", ""},
    {"1329", 30, "饲料|生物科技", ""},
    {"1331", 30, "油脂|粮油|茶油", ""},
    {"1353", 50, "食品|肉食品", ""},
    {"1411", 50, "食品|烘焙", ""},
    {"1431", 60, "米粉|食品", ""},
    {"1462", 40, "调味品|酱业|食品", ""},
    {"1512", 40, "酒业|酒厂", ""},
    {"1522", 30, "饮用水|水业", ""},
    {"1530", 40, "茶业|茶叶", ""},
    {"1830", 60, "服饰|服装", ""},
    {"2032", 40, "木业|门业", ""},
    {"2614", 20, "化工", "special_equipment@500"},
    {"2625", 30, "有机肥|生物科技", ""},
    {"2682", 20, "日化|化妆品|生物科技", ""},
    {"2740", 20, "药业|制药", ""},
    {"2929", 60, "塑料制品|塑业", ""},
    {"3011", 20, "水泥", "special_equipment@600"},
    {"3021", 40, "混凝土|建材", "special_equipment@400"},
    {"3031", 30, "新型墙材|建材", ""},
    {"3074", 20, "陶瓷", ""},
    {"3091", 30, "碳素|新材料", ""},
    {"3311", 80, "钢结构|钢构", "special_equipment@300"},
    {"3312", 60, "门窗|铝业", ""},
    {"3332", 20, "压力容器|重工", ""},
    {"3399", 60, "金属制品", ""},
    {"3411", 15, "锅炉", ""},
    {"3435", 15, "电梯", ""},
    {"3484", 100, "机械|精密机械|机械制造", "special_equipment@200"},
    {"3514", 20, "重工|工程机械", "special_equipment@400"},
    {"3584", 20, "医疗器械|医疗科技", ""},
    {"3589", 15, "医疗设备", ""},
    {"3831", 30, "电线电缆|电缆", "special_equipment@200"},
    {"3841", 20, "新能源|电池", ""},
    {"3872", 20, "照明|光电", ""},
    {"3982", 20, "电子|电子科技", ""},
    // L business services
    {"7212", 120, "投资|投资管理", ""},
    {"7219", 150, "企业管理|企业管理咨询", ""},
    {"7223", 30, "市场管理|市场开发", ""},
    {"7224", 60, "供应链管理|供应链", ""},
    {"7243", 120, "咨询服务|信息咨询", ""},
    {"7259", 150, "广告|文化传媒|广告传媒", ""},
    {"7263", 60, "人力资源|劳务", ""},
    {"7281", 30, "会展|展览服务", ""},
    {"7291", 60, "旅行社|国际旅行社", ""},
    {"7297", 80, "企业服务|商务服务", ""},
    // I information technology
    {"6513", 150, "软件|软件开发|网络科技", ""},
    {"6531", 150, "信息技术|智能科技|电子科技", ""},
    {"6560", 100, "信息咨询|数字科技", ""},
    {"6579", 50, "数字科技|文化科技", ""},
    // M research and technical services
    {"7320", 40, "新材料科技|技术研究", ""},
    {"7452", 40, "检测|检测技术", ""},
    {"7482", 40, "工程监理|工程项目管理", ""},
    {"7484", 80, "工程设计|建筑设计", ""},
    {"7511", 60, "农业科技|生态农业科技", ""},
    {"7519", 120, "科技|技术服务", ""},
    {"7530", 40, "科技服务|知识产权", ""},
    // K real estate
    {"7010", 150, "房地产开发|置业|房地产", ""},
    {"7020", 150, "物业管理|物业服务", "special_equipment@500"},
    {"7030", 100, "房地产经纪|房产中介", ""},
    // H accommodation and catering
    {"6110", 80, "酒店|大酒店|酒店管理", "special_equipment@500,catering@600"},
    {"6121", 60, "酒店管理|连锁酒店", ""},
    {"6129", 60, "宾馆|酒店", ""},
    {"6210", 250, "餐饮|餐饮管理|餐饮服务", "school_canteen@40"},
    {"6220", 80, "餐饮|快餐管理", "school_canteen@60"},
    {"6239", 40, "饮品|茶饮", ""},
    {"6241", 30, "餐饮配送|团餐服务", "school_canteen@300"},
    // G transport
    {"5413", 20, "出租车|客运", ""},
    {"5431", 200, "物流|运输|货运", ""},
    {"5435", 30, "危险货物运输|化工物流", ""},
    {"5437", 60, "城市配送|物流", ""},
    {"5821", 60, "货运代理|国际货运代理", ""},
    {"5920", 50, "仓储|仓储服务", ""},
    {"6020", 80, "快递|速递", ""},
    // O resident services
    {"8010", 60, "家政服务|家政", ""},
    {"8040", 80, "美容美发|美业", "prepaid_card@400"},
    {"8052", 40, "足浴|养生", "prepaid_card@300"},
    {"8111", 100, "汽车服务|汽车维修", ""},
    {"8211", 20, "保洁服务|清洁服务", ""},
    // P, Q, R, N, A, D
    {"8391", 50, "职业技能培训|职业培训学校", ""},
    {"8393", 50, "文化艺术培训|教育科技", "prepaid_card@500"},
    {"8394", 50, "教育咨询|教育科技", ""},
    {"8425", 60, "口腔门诊部|门诊部|诊所", ""},
    {"8491", 40, "健康体检|健康管理", ""},
    {"8730", 40, "影视|文化传播", ""},
    {"8930", 60, "健身|体育发展", "prepaid_card@600"},
    {"9011", 40, "娱乐|文化娱乐", ""},
    {"9013", 10, "网咖|网络会所", ""},
    {"9030", 30, "旅游开发|休闲农业", ""},
    {"7723", 30, "环保科技|固废处理", ""},
    {"7820", 40, "环境卫生|环卫服务", ""},
    {"7840", 50, "绿化管理|园林养护", ""},
    {"0141", 40, "农业开发|农业科技|生态农业", ""},
    {"0153", 20, "果业|农业开发", ""},
    {"0164", 30, "茶业|茶叶", ""},
    {"0171", 20, "中药材|药材种植", ""},
    {"0313", 50, "牧业|生猪养殖|农牧", ""},
    {"0412", 20, "渔业|水产", ""},
    {"0511", 20, "种业|种苗", ""},
    {"4416", 20, "新能源|光伏电力", ""},
    {"4420", 20, "电力|电力服务", ""},
    {"4610", 20, "供水|水务", ""},
    // The long tail: any class of the section.
    {"A", 10, "农业开发|生态农业", ""},
    {"B", 10, "矿业|石材", ""},
    {"C", 100, "实业|科技|制造", ""},
    {"D", 5, "能源|新能源", ""},
    {"E", 20, "建设工程|工程", ""},
    {"F", 40, "商贸|贸易", ""},
    {"G", 10, "物流|运输", ""},
    {"I", 20, "信息技术|网络科技", ""},
    {"J", 10, "投资|资产管理", ""},
    {"K", 5, "置业|房地产", ""},
    {"L", 20, "商务咨询|企业管理", ""},
    {"M", 20, "科技|工程技术", ""},
    {"N", 10, "环保科技|环境工程", ""},
    {"R", 7, "文化传媒|文化发展", ""},
};

// Individual businesses (92): tails include the shop form (商店, 店, 商行, 经营部 …).
constexpr ProfileSpec kIndividualProfiles[] = {
    // F52 retail
    {"5211", 600, "百货商店|百货店|日用百货店|百货商行", "food_retail@500"},
    {"5212", 300, "超市|生活超市|便民超市|购物中心", ""},
    {"5213", 350, "便利店|便民店|小卖部", ""},
    {"5219", 200, "综合商店|杂货店|商行", "food_retail@300"},
    {"5221", 250, "粮油店|粮油经营部|米店", ""},
    {"5222", 150, "蛋糕店|面包店|烘焙坊", ""},
    {"5223", 400, "水果店|蔬菜店|果蔬店|水果超市", ""},
    {"5224", 350, "猪肉店|鲜肉店|水产店|冷鲜肉店|禽蛋店", ""},
    {"5226", 200, "烟酒店|茶叶店|名酒行|茶庄", ""},
    {"5227", 100, "烟酒商行|烟店", ""},
    {"5229", 100, "食品店|零食店|特产店", ""},
    {"5232", 400, "服装店|服饰店|童装店|女装店", ""},
    {"5233", 100, "鞋店|鞋帽店|鞋行", ""},
    {"5234", 100, "化妆品店|美妆店", ""},
    {"5235", 100, "日杂店|日用品店|杂货铺", ""},
    {"5236", 60, "眼镜店|眼镜行|钟表店", ""},
    {"5241", 80, "文具店|文化用品店", ""},
    {"5245", 40, "金店|珠宝店|银楼", ""},
    {"5251", 100, "药店|大药房|药房", "medical_devices@300"},
    {"5252", 20, "中药店|国药堂|中药房", ""},
    {"5254", 30, "医疗器械店|康复用品店", ""},
    {"5263", 100, "汽配店|汽车配件经营部", ""},
    {"5264", 60, "摩托车行|摩托车经营部", ""},
    {"5265", 10, "加油站", ""},
    {"5272", 120, "家电商场|电器商行|家电经营部", ""},
    {"5274", 150, "手机店|通讯店|数码通讯", ""},
    {"5281", 200, "五金店|五金商行|五金交电店", ""},
    {"5283", 80, "家具店|家具城|家具经营部", ""},
    {"5287", 100, "建材店|瓷砖店|建材经营部", ""},
    {"5292", 300, "网店|电子商务商行|网络商行", ""},
    {"5296", 30, "液化气站|煤气店|燃料经营部", ""},
    {"5299", 75, "商行|经营部|商店", ""},
    // H62 catering, H61 accommodation
    {"6210", 700, "餐馆|饭店|酒家|土菜馆|农家乐|食府", ""},
    {"6220", 350, "快餐店|盒饭店|快餐厅", ""},
    {"6231", 60, "茶馆|茶楼|茶室", ""},
    {"6239", 150, "奶茶店|饮品店|冷饮店", ""},
    {"6241", 20, "配餐中心|配餐店", ""},
    {"6291", 450, "小吃店|粉店|面馆|米粉店|早餐店|烧烤店", ""},
    {"6299", 70, "餐饮店|私房菜馆", ""},
    {"6129", 150, "旅馆|宾馆|旅社|招待所", ""},
    {"6130", 50, "民宿|客栈", ""},
    // O resident services and repairs
    {"8010", 40, "家政服务部", ""},
    {"8030", 80, "洗衣店|干洗店", ""},
    {"8040", 500, "理发店|美发店|美容院|发型设计室|美甲店", "prepaid_card@200"},
    {"8051", 40, "浴室|洗浴中心", ""},
    {"8052", 100, "足浴店|足疗店|养生馆", ""},
    {"8053", 60, "养生馆|推拿馆|艾灸馆", ""},
    {"8060", 40, "照相馆|摄影店|影楼", ""},
    {"8111", 250, "汽车修理厂|汽修店|汽车美容店|汽车维修部", ""},
    {"8113", 80, "摩托车修理店|车辆维修部", ""},
    {"8122", 40, "手机维修店|通讯维修部", ""},
    {"8132", 60, "家电维修部|电器维修店", ""},
    {"8192", 20, "修鞋店|皮具护理店", ""},
    {"8290", 90, "服务部|便民服务部", ""},
    // F51 wholesale
    {"5123", 100, "果蔬批发部|蔬菜批发行", ""},
    {"5124", 80, "冻品批发部|水产批发部", ""},
    {"5127", 80, "酒类批发部|饮料批发部", ""},
    {"5165", 80, "建材批发部|建材商行", ""},
    {"5174", 60, "五金批发部|五金机电商行", ""},
    // A, C, E, G, R, L, K
    {"0141", 80, "蔬菜种植场|家庭农场", ""},
    {"0153", 30, "果园|柑橘种植场", ""},
    {"0313", 100, "养猪场|生猪养殖场", ""},
    {"0321", 60, "养鸡场|家禽养殖场", ""},
    {"0412", 30, "渔场|水产养殖场", ""},
    {"1392", 40, "豆腐坊|豆制品加工坊", ""},
    {"1411", 60, "糕点加工坊|食品加工坊|饼店", ""},
    {"1431", 60, "米粉加工坊|面条加工坊|米粉厂", ""},
    {"1512", 20, "酒坊|酿酒坊", ""},
    {"1830", 20, "制衣厂|服装加工厂", ""},
    {"2032", 40, "木门加工厂|木业加工厂", ""},
    {"3312", 60, "门窗加工店|铝合金门窗店|不锈钢加工店", ""},
    {"4999", 50, "水电安装部|安装工程部", ""},
    {"5012", 150, "装饰部|装饰设计工作室|装饰材料店", ""},
    {"5431", 150, "货运部|运输队|物流部", ""},
    {"5438", 50, "搬家服务部|搬运服务部", ""},
    {"6020", 50, "快递服务部|快递站", ""},
    {"8930", 10, "健身房|健身工作室", "prepaid_card@500"},
    {"9011", 20, "歌厅|量贩KTV", ""},
    {"9013", 30, "网吧|网咖", ""},
    {"9019", 60, "棋牌室|休闲会所", ""},
    {"7259", 80, "广告部|图文广告店|广告制作部", ""},
    {"7293", 50, "打印店|图文店|复印店", ""},
    {"7297", 20, "代办服务部", ""},
    {"7030", 30, "房产信息部|房屋中介", ""},
    // The long tail.
    {"C", 20, "加工厂|加工坊", ""},
    {"F", 30, "经营部|商行", ""},
    {"I", 10, "网络工作室|电脑服务部", ""},
    {"L", 20, "服务部|咨询服务部", ""},
    {"M", 10, "技术服务部", ""},
    {"O", 10, "服务部", ""},
};

// Farmers' cooperatives (93): tails go before 专业合作社.
constexpr ProfileSpec kCooperativeProfiles[] = {
    {"0111", 2000, "水稻种植|粮食种植|优质稻种植", ""},
    {"0141", 1600, "蔬菜种植|果蔬种植|种植", ""},
    {"0142", 300, "食用菌种植", ""},
    {"0153", 600, "柑橘种植|果业|水果种植", ""},
    {"0162", 600, "油茶种植|油茶", ""},
    {"0164", 500, "茶叶种植|茶叶", ""},
    {"0171", 400, "中药材种植|药材种植", ""},
    {"0313", 1200, "生猪养殖|养猪", ""},
    {"0321", 500, "家禽养殖|养鸡|土鸡养殖", ""},
    {"0322", 400, "养鸭|水禽养殖", ""},
    {"0392", 200, "养蜂|蜜蜂养殖", ""},
    {"0412", 600, "水产养殖|渔业", ""},
    {"0512", 600, "农机|农机服务", ""},
    {"0514", 300, "农产品加工|粮食烘干", ""},
    {"0515", 200, "植保|植保服务", ""},
};

// 字号 (trade names).
constexpr std::string_view kTradeNames =
    "鑫源|华信|宏达|恒通|盛世|金福|顺发|永兴|佳美|家和|兴旺|福满|润泽|嘉禾|聚福|大众|万家|"
    "百姓|天天|好运|湘江|楚天|芙蓉|莲城|潇湘|星城|韶峰|金源|银河|东方|阳光|明珠|锦绣|瑞丰|"
    "丰收|富民|惠民|利民|安康|乐活|康健|优品|诚信|信达|通达|和顺|吉祥|如意|长青|绿源|绿野|"
    "青禾|田园|山水|禾丰|鸿运|鸿升|宏图|宏源|宏业|恒信|恒泰|恒丰|泰和|泰丰|昌盛|隆盛|兴隆|"
    "兴业|兴达|振华|振兴|中兴|华盛|华泰|华宇|华美|华达|新华|欣欣|欣荣|荣华|荣盛|金鑫|金盛|"
    "金利|金诚|湘源|湘润|湘丰|楚风|楚韵|天成|天利|天润|天宇|天鸿|海纳|海润|博远|博文|远航|"
    "远大|伟业|卓越|精诚|至诚|诚鑫|同心|众合|众鑫|合力|合众|聚源|聚鑫|聚贤|德信|德盛|德丰|"
    "厚德|和美|美佳|佳乐|乐购|乐享|汇通|汇鑫|通盛|亨通|鼎盛|鼎鑫|鼎立|创新|创远|智远|科达|"
    "科瑞|瑞祥|瑞和|祥和|祥云|星辉|辉煌|启航|启明|明辉|光明|晨光|朝阳|旭日|东升|春晖|秋实|"
    "四季|五福|六合|七彩|八方|九鼎|百福|千禧|万福|万顺|万利|益民|福源|金穗|青山|碧水|红星";

constexpr std::string_view kRoads =
    "建设路|人民路|解放路|中山路|新华路|和平路|文化路|迎宾路|长征路|五一路|胜利路|东风路|"
    "滨江路|环城路|车站路|工业园路|创业大道|商贸街|正街|老街|沿江路|光明路|朝阳路|友谊路|"
    "红旗路|金桥路|韶山路|湘江路|芙蓉路|桃花路|兴业路|振兴路|复兴路|健康路|学府路|园林路|"
    "青年路|新民路|书院路|建新路";

constexpr std::string_view kVillages =
    "新塘|石桥|大塘|白沙|桃源|黄泥|龙山|长冲|杨柳|枫树|竹山|松林|荷花|金龙|双龙|新华|红星|"
    "光明|和平|团结|胜利|东风|前进|太平|丰收|向阳|五星|高峰|石塘|泉水";

// Relative size of each prefecture's market (roughly its share of Hunan's market entities).
constexpr std::pair<int32_t, uint64_t> kPrefectureWeights[] = {
    {430100, 280}, {430200, 75}, {430300, 55}, {430400, 90}, {430500, 80},
    {430600, 80},  {430700, 75}, {430800, 25}, {430900, 50}, {431000, 65},
    {431100, 60},  {431200, 55}, {431300, 50}, {433100, 30}};

// Counties whose market is far from the default for their kind (district 30, or 40 in
// Changsha; county-level city 20; county 12): big county economies and small scenic or
// mountain counties.
constexpr std::pair<int32_t, uint64_t> kCountyFactors[] = {
    {430121, 36},  // 长沙县
    {430181, 28},  // 浏阳市
    {430182, 28},  // 宁乡市
    {430281, 24},  // 醴陵市
    {430321, 22},  // 湘潭县
    {430382, 8},   // 韶山市
    {430412, 6},   // 南岳区
    {430481, 24},  // 耒阳市
    {430582, 26},  // 邵东市
    {430781, 10},  // 津市市
    {430811, 6},   // 武陵源区
    {430225, 7},   // 炎陵县
    {430529, 8},   // 城步苗族自治县
    {431027, 7},   // 桂东县
    {431123, 7},   // 双牌县
    {433126, 6},   // 古丈县
};

// ---------------------------------------------------------------------------------------------
// Tables built once per call.

struct TagRule {
  uint32_t bit = 0;
  uint32_t permille = 1000;
};

struct Profile {
  std::vector<std::string> classes;  // one class, or every class of a section
  std::vector<uint32_t> class_tags;  // MandatoryTags of each class
  std::vector<std::string> words;
  std::vector<TagRule> extra;
};

struct TypeTable {
  std::vector<Profile> profiles;
  WeightedIndex pick;
};

Result<TypeTable> BuildTypeTable(const ProfileSpec* specs, size_t n) {
  const core::IndustryTree& tree = core::IndustryTree::Builtin();
  TypeTable table;
  std::vector<uint64_t> weights;
  for (size_t i = 0; i < n; ++i) {
    const ProfileSpec& s = specs[i];
    Profile p;
    if (s.cls.size() == 1) {
      for (const core::IndustryRow* row : tree.ClassesWithin(s.cls)) p.classes.push_back(row->code);
    } else {
      const core::IndustryRow* row = tree.Find(s.cls);
      if (row != nullptr && row->level == 4) p.classes.emplace_back(s.cls);
    }
    if (p.classes.empty()) {
      return Internal("the generator's industry table does not match GB/T 4754",
                      "unknown class or section " + std::string(s.cls));
    }
    for (const std::string& c : p.classes) p.class_tags.push_back(MandatoryTags(c));
    p.words = synth::SplitWords(s.words);
    for (const std::string& rule : synth::SplitWords(s.extra, ',')) {
      const size_t at = rule.find('@');
      const int tag = TagIndex(std::string_view(rule).substr(0, at));
      if (tag < 0 || p.words.empty()) {
        return Internal("the generator's industry table is inconsistent", "rule " + rule);
      }
      TagRule r;
      r.bit = 1u << tag;
      if (at != std::string::npos)
        r.permille = static_cast<uint32_t>(std::stoul(rule.substr(at + 1)));
      p.extra.push_back(r);
    }
    table.profiles.push_back(std::move(p));
    weights.push_back(s.weight);
  }
  table.pick = WeightedIndex(weights);
  return table;
}

// Weight of each county of `counties` (relative; see kPrefectureWeights): urban districts are
// larger markets than county-level cities, which are larger than rural counties.
std::vector<uint64_t> CountyWeights(const std::vector<const core::RegionRow*>& counties) {
  const core::RegionTree& tree = core::RegionTree::Builtin();
  auto factor = [](const core::RegionRow& r) -> uint64_t {
    for (const auto& [code, f] : kCountyFactors) {
      if (code == r.code) return f;
    }
    const std::string_view name = r.name;
    if (name.size() >= 3 && name.substr(name.size() - 3) == "区") {
      return r.parent == 430100 ? 40 : 30;
    }
    if (name.size() >= 3 && name.substr(name.size() - 3) == "市") return 20;
    return 12;
  };
  std::vector<uint64_t> out;
  for (const core::RegionRow* c : counties) {
    uint64_t pref = 50;
    for (const auto& [code, w] : kPrefectureWeights) {
      if (code == c->parent) pref = w;
    }
    uint64_t sum = 0;
    for (const core::RegionRow* sibling : tree.Children(c->parent)) sum += factor(*sibling);
    out.push_back(pref * factor(*c) * 100000 / std::max<uint64_t>(sum, 1));
  }
  return out;
}

// GB 32100 values of the USCC alphabet, GB 11714 values, and weights.
constexpr int kUsccWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
constexpr int kOrgWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

int UsccValue(char c) {
  const size_t i = core::kUsccAlphabet.find(c);
  return i == std::string_view::npos ? 0 : static_cast<int>(i);
}
int OrgValue(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 10 : c - '0'; }

struct County {
  int32_t code = 0;
  std::string code_str;
  synth::CountyNames names;
  std::vector<synth::Station> stations;
  int uscc_prefix_sum[3] = {0, 0, 0};  // Σ value × weight of characters 1–8, per category
};

struct EntityModel {
  std::vector<County> counties;
  WeightedIndex county_pick;
  TypeTable types[3];  // enterprise, individual, cooperative (category 1, 2, 3)
  WeightedIndex type_pick;
  std::string type_wire[3];
  WeightedIndex risk_pick;
  WeightedIndex status_pick;
  std::string status_wire[5];
  std::vector<std::string> trade_names;
  std::vector<std::string> roads;
  std::vector<std::string> villages;
  std::vector<std::string> inspected_dates;  // [d] = today − (d + 1), "YYYY-MM-DD"
  uint64_t permutation_keys[4] = {0, 0, 0, 0};
};

constexpr core::EntityType kTypes[3] = {
    core::EntityType::kEnterprise, core::EntityType::kIndividual, core::EntityType::kCooperative};
constexpr core::RegistrationStatus kStatuses[5] = {
    core::RegistrationStatus::kActive, core::RegistrationStatus::kSuspended,
    core::RegistrationStatus::kLiquidating, core::RegistrationStatus::kRevoked,
    core::RegistrationStatus::kDeregistered};
constexpr std::string_view kRiskLetters[5] = {"", "A", "B", "C", "D"};
// Chance (‰) that an entity of each risk class was inspected in the last two years: higher
// risk, more checks (about 20 % overall).
constexpr uint32_t kInspectedPermille[5] = {50, 100, 200, 350, 500};
constexpr int32_t kInspectedWindowDays = 730;

Result<std::vector<const core::RegionRow*>> CountiesFor(const std::string& region_prefix) {
  Result<std::string> prefix = core::CanonicalRegionPrefix(region_prefix);
  if (!prefix.ok()) return prefix.status();
  std::vector<const core::RegionRow*> counties =
      core::RegionTree::Builtin().CountiesWithin(*prefix);
  if (counties.empty()) {
    return InvalidArgument("no county of the built-in region table lies within region " +
                           region_prefix);
  }
  return counties;
}

Result<EntityModel> BuildEntityModel(const GenOptions& options) {
  EntityModel m;
  SUNLIT_ASSIGN_OR_RETURN(auto rows, CountiesFor(options.region_prefix));
  for (const core::RegionRow* row : rows) {
    County c;
    c.code = row->code;
    c.code_str = std::to_string(row->code);
    if (!synth::NamesOfCounty(row->code, &c.names)) {
      return Internal("region table inconsistent", "county " + c.code_str);
    }
    c.stations = synth::StationsOf(row->code);
    if (c.stations.empty()) return Internal("no stations", "county " + c.code_str);
    for (int cat = 0; cat < 3; ++cat) {
      const std::string head = std::string("9") + static_cast<char>('1' + cat) + c.code_str;
      for (size_t i = 0; i < 8; ++i) c.uscc_prefix_sum[cat] += UsccValue(head[i]) * kUsccWeights[i];
    }
    m.counties.push_back(std::move(c));
  }
  m.county_pick = WeightedIndex(CountyWeights(rows));
  SUNLIT_ASSIGN_OR_RETURN(m.types[0],
                          BuildTypeTable(kEnterpriseProfiles, std::size(kEnterpriseProfiles)));
  SUNLIT_ASSIGN_OR_RETURN(m.types[1],
                          BuildTypeTable(kIndividualProfiles, std::size(kIndividualProfiles)));
  SUNLIT_ASSIGN_OR_RETURN(m.types[2],
                          BuildTypeTable(kCooperativeProfiles, std::size(kCooperativeProfiles)));
  m.type_pick = WeightedIndex({270, 700, 30});
  for (int i = 0; i < 3; ++i) m.type_wire[i] = std::string(core::WireName(kTypes[i]));
  m.risk_pick = WeightedIndex({30, 291, 504, 126, 49});  // none, A, B, C, D (‰)
  m.status_pick = WeightedIndex({9700, 100, 20, 90, 90});
  for (int i = 0; i < 5; ++i) m.status_wire[i] = std::string(core::WireName(kStatuses[i]));
  m.trade_names = synth::SplitWords(kTradeNames);
  m.roads = synth::SplitWords(kRoads);
  m.villages = synth::SplitWords(kVillages);
  for (int32_t d = 0; d < kInspectedWindowDays; ++d) {
    m.inspected_dates.push_back(options.today.AddDays(-(d + 1)).ToString());
  }
  Rng keys = Rng::ForIndex(options.seed, kPermutationStream, 0);
  for (uint64_t& k : m.permutation_keys) k = keys.Next();
  return m;
}

// ---------------------------------------------------------------------------------------------
// Credit codes.

constexpr uint64_t kHalf = 31ULL * 31 * 31 * 31;  // 31^4
constexpr uint64_t kBodySpace = kHalf * kHalf;    // 31^8 organisation-code bodies

// A seeded bijection of [0, 31^8): a four-round Feistel network on two base-31^4 halves.
uint64_t PermuteBody(uint64_t x, const uint64_t (&keys)[4]) {
  uint64_t left = x / kHalf, right = x % kHalf;
  for (uint64_t k : keys) {
    const uint64_t f = synth::Mix64(right ^ k) % kHalf;
    const uint64_t next = (left + f) % kHalf;
    left = right;
    right = next;
  }
  return left * kHalf + right;
}

// Writes the 18 characters of row `index`'s code at `out`.
void FormatCode(const County& county, int category, uint64_t index, const uint64_t (&keys)[4],
                char* out) {
  out[0] = '9';
  out[1] = static_cast<char>('1' + category);
  std::memcpy(out + 2, county.code_str.data(), 6);
  uint64_t body = PermuteBody(index, keys);
  int uscc_sum = county.uscc_prefix_sum[category];
  int org_sum = 0;
  for (int i = 7; i >= 0; --i) {
    const int v = static_cast<int>(body % 31);
    body /= 31;
    const char c = core::kUsccAlphabet[static_cast<size_t>(v)];
    out[8 + i] = c;
    uscc_sum += v * kUsccWeights[8 + i];
    org_sum += OrgValue(c) * kOrgWeights[i];
  }
  const int org = 11 - org_sum % 11;
  const char org_check = org == 10 ? 'X' : org == 11 ? '0' : static_cast<char>('0' + org);
  out[16] = org_check;
  uscc_sum += UsccValue(org_check) * kUsccWeights[16];
  out[17] = core::kUsccAlphabet[static_cast<size_t>((31 - uscc_sum % 31) % 31)];
}

// The fast check-character code above must agree with core/uscc; checked on a sample per call
// so that the two can never drift apart silently.
Status CrossCheckCodes(const EntityModel& m) {
  for (uint64_t i = 0; i < 64; ++i) {
    char code[18];
    FormatCode(m.counties[i % m.counties.size()], static_cast<int>(i % 3), i * 7919,
               m.permutation_keys, code);
    const std::string_view s(code, 18);
    if (core::OrgCodeCheckCharacter(s.substr(8, 8)) != code[16] ||
        core::UsccCheckCharacter(s.substr(0, 17)) != code[17]) {
      return Internal("credit-code generation disagrees with the validator",
                      "code " + std::string(s));
    }
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// Formatting.

inline void Put(char*& p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  p += s.size();
}
inline void PutChar(char*& p, char c) { *p++ = c; }
inline void PutUint(char*& p, uint64_t v) {
  char tmp[20];
  int n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) *p++ = tmp[--n];
}

template <typename T>
const T& PickFrom(const std::vector<T>& v, Rng& rng) {
  return v.size() == 1 ? v[0] : v[rng.Index(v.size())];
}

constexpr size_t kMaxRowBytes = 1024;  // generous bound on one formatted row

// Formats entity row `index` at `p` (at most kMaxRowBytes).
void FormatEntity(const EntityModel& m, uint64_t seed, uint64_t index, char*& p) {
  Rng rng = Rng::ForIndex(seed, kEntityStream, index);
  const size_t type = m.type_pick.Pick(rng);
  const County& county = m.counties[m.county_pick.Pick(rng)];
  const synth::Station& station = PickFrom(county.stations, rng);
  const Profile& profile = m.types[type].profiles[m.types[type].pick.Pick(rng)];
  const size_t cls = profile.classes.size() == 1 ? 0 : rng.Index(profile.classes.size());

  FormatCode(county, static_cast<int>(type), index, m.permutation_keys, p);
  p += 18;
  PutChar(p, ',');

  // Name.
  const std::string_view tail = PickFrom(profile.words, rng);
  const std::string_view trade = PickFrom(m.trade_names, rng);
  switch (type) {
    case 0: {  // 湖南华信建材有限公司 / 湘潭鑫源商贸有限公司 / 湘乡市宏达装饰有限责任公司
      const uint64_t where = rng.Below(100);
      Put(p, where < 30   ? std::string_view("湖南")
             : where < 75 ? std::string_view(county.names.prefecture_short)
                          : std::string_view(county.names.display));
      Put(p, trade);
      Put(p, tail);
      const uint64_t form = rng.Below(100);
      Put(p, form < 72 ? "有限公司" : form < 96 ? "有限责任公司" : "股份有限公司");
      break;
    }
    case 1: {  // 湘潭市雨湖区鑫源百货商店 / 湘潭县张记小吃店
      Put(p, county.names.display);
      const uint64_t style = rng.Below(100);
      if (style < 12) {
        Put(p, synth::ShopSurname(rng));
        Put(p, "记");
      } else if (style < 20) {
        Put(p, "老");
        Put(p, synth::ShopSurname(rng));
      } else {
        Put(p, trade);
      }
      Put(p, tail);
      break;
    }
    default:  // 湘乡市绿野水稻种植专业合作社
      Put(p, county.names.display);
      Put(p, trade);
      Put(p, tail);
      Put(p, rng.Chance(800) ? "专业合作社" : "农民专业合作社");
      break;
  }
  PutChar(p, ',');
  Put(p, m.type_wire[type]);
  PutChar(p, ',');
  Put(p, county.code_str);
  PutChar(p, ',');
  Put(p, profile.classes[cls]);
  PutChar(p, ',');

  const size_t risk = m.risk_pick.Pick(rng);
  Put(p, kRiskLetters[risk]);
  PutChar(p, ',');
  if (rng.Chance(kInspectedPermille[risk])) {
    Put(p, m.inspected_dates[rng.Index(m.inspected_dates.size())]);
  }
  PutChar(p, ',');
  Put(p, m.status_wire[m.status_pick.Pick(rng)]);
  PutChar(p, ',');
  Put(p, station.code);
  PutChar(p, ',');

  uint32_t tags = profile.class_tags[cls];
  for (const TagRule& r : profile.extra) {
    if (rng.Chance(r.permille)) tags |= r.bit;
  }
  bool first = true;
  for (size_t t = 0; tags != 0 && t < kTagCount; ++t) {
    if ((tags & (1u << t)) == 0) continue;
    if (!first) PutChar(p, ';');
    Put(p, kTagNames[t]);
    first = false;
  }
  PutChar(p, ',');

  // Address: 湖南省湘潭市雨湖区城正街街道建设路128号 / 湖南省湘潭县花石镇新塘村5组.
  Put(p, county.names.full);
  Put(p, station.place);
  if (station.rural && (type == 2 || rng.Chance(400))) {
    Put(p, PickFrom(m.villages, rng));
    Put(p, "村");
    PutUint(p, 1 + rng.Below(15));
    Put(p, "组");
  } else {
    Put(p, PickFrom(m.roads, rng));
    PutUint(p, 1 + rng.Below(999));
    Put(p, "号");
    if (type == 1 && rng.Chance(250)) Put(p, "门面");
  }
  PutChar(p, '\n');
}

// Formats rows [begin, end) into `buf` and returns the number of bytes.
size_t FormatEntities(const EntityModel& m, uint64_t seed, int64_t begin, int64_t end,
                      std::vector<char>* buf) {
  size_t used = 0;
  for (int64_t i = begin; i < end; ++i) {
    if (buf->size() - used < kMaxRowBytes) buf->resize(std::max<size_t>(buf->size() * 2, 1 << 20));
    char* p = buf->data() + used;
    FormatEntity(m, seed, static_cast<uint64_t>(i), p);
    used = static_cast<size_t>(p - buf->data());
  }
  return used;
}

// An output file: "-" is standard output.
class Output {
 public:
  static Result<Output> Open(const std::string& path) {
    if (path == "-") return Output(stdout, path);
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
      return InvalidArgument("cannot create " + path, std::strerror(errno));
    }
    return Output(f, path);
  }
  Output(Output&& o) noexcept : f_(o.f_), path_(std::move(o.path_)), failed_(o.failed_) {
    o.f_ = nullptr;
  }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output() {
    if (f_ != nullptr && f_ != stdout) std::fclose(f_);
  }

  void Write(const char* data, size_t n) {
    if (!failed_ && n > 0 && std::fwrite(data, 1, n, f_) != n) failed_ = true;
  }
  void Write(std::string_view s) { Write(s.data(), s.size()); }

  Status Close() {
    int rc = 0;
    if (f_ == stdout) {
      rc = std::fflush(f_);
    } else if (f_ != nullptr) {
      rc = std::fclose(f_);
    }
    f_ = nullptr;
    if (failed_ || rc != 0)
      return Unavailable("writing " + path_ + " failed", std::strerror(errno));
    return Status::Ok();
  }

 private:
  Output(FILE* f, std::string path) : f_(f), path_(std::move(path)) {}
  FILE* f_;
  std::string path_;
  bool failed_ = false;
};

constexpr int64_t kBatchRows = 1 << 16;

Status CheckCount(int64_t count) {
  if (count < 0 || static_cast<uint64_t>(count) > kBodySpace) {
    return InvalidArgument("count must be between 0 and " + std::to_string(kBodySpace));
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// Inspectors.

struct PartnerSpec {
  std::string_view code;
  std::string_view unit_suffix;  // after the county's display name
};
constexpr PartnerSpec kPartners[] = {{"XFJY", "消防救援大队"},
                                     {"WSJK", "卫生健康局"},
                                     {"JY", "教育局"},
                                     {"SW", "商务局"},
                                     {"YJGL", "应急管理局"}};

}  // namespace

Status GenerateEntities(const GenOptions& options, const std::string& out_path) {
  SUNLIT_RETURN_IF_ERROR(CheckCount(options.count));
  SUNLIT_ASSIGN_OR_RETURN(EntityModel model, BuildEntityModel(options));
  SUNLIT_RETURN_IF_ERROR(CrossCheckCodes(model));
  SUNLIT_ASSIGN_OR_RETURN(Output out, Output::Open(out_path));
  out.Write(kEntityCsvHeader);
  out.Write("\n", 1);
  // Two buffers: the calling thread formats even batches, a helper thread odd ones; both are
  // written in order. Rows depend only on (seed, index), so the split does not change output.
  std::vector<char> bufs[2];
  for (int64_t start = 0; start < options.count; start += 2 * kBatchRows) {
    const int64_t mid = std::min(start + kBatchRows, options.count);
    const int64_t end = std::min(start + 2 * kBatchRows, options.count);
    size_t sizes[2] = {0, 0};
    std::thread helper;
    if (mid < end) {
      try {
        helper = std::thread(
            [&] { sizes[1] = FormatEntities(model, options.seed, mid, end, &bufs[1]); });
      } catch (const std::system_error&) {
        sizes[1] = FormatEntities(model, options.seed, mid, end, &bufs[1]);
      }
    }
    sizes[0] = FormatEntities(model, options.seed, start, mid, &bufs[0]);
    if (helper.joinable()) helper.join();
    out.Write(bufs[0].data(), sizes[0]);
    out.Write(bufs[1].data(), sizes[1]);
  }
  return out.Close();
}

Status GenerateInspectors(const GenOptions& options, const std::string& out_path) {
  SUNLIT_RETURN_IF_ERROR(CheckCount(options.count));
  SUNLIT_ASSIGN_OR_RETURN(auto rows, CountiesFor(options.region_prefix));
  struct CountyUnits {
    int32_t code;
    std::vector<core::Unit> market;   // bureau first, then stations
    std::vector<core::Unit> partner;  // in kPartners order
    int serial = 0;
  };
  std::vector<CountyUnits> counties;
  for (const core::RegionRow* row : rows) {
    counties.push_back({row->code, MarketStationsOf(row->code), PartnerUnitsOf(row->code), 0});
  }
  const WeightedIndex county_pick(CountyWeights(rows));
  const std::vector<core::Department> departments = DemoDepartments();
  // SCJG 60 %, 消防 10 %, 卫健 10 %, 教育 6 %, 商务 6 %, 应急 8 %.
  const WeightedIndex department_pick({600, 100, 100, 60, 60, 80});
  const WeightedIndex status_pick({950, 30, 20});
  constexpr core::InspectorStatus kInspectorStatuses[3] = {core::InspectorStatus::kActive,
                                                           core::InspectorStatus::kSuspended,
                                                           core::InspectorStatus::kLeft};

  SUNLIT_ASSIGN_OR_RETURN(Output out, Output::Open(out_path));
  out.Write(kInspectorCsvHeader);
  out.Write("\n", 1);
  std::string line;
  for (int64_t i = 0; i < options.count; ++i) {
    Rng rng = Rng::ForIndex(options.seed, kInspectorStream, static_cast<uint64_t>(i));
    CountyUnits& county = counties[county_pick.Pick(rng)];
    const size_t dept = department_pick.Pick(rng);
    const core::Department& department = departments[dept];
    const core::Unit& unit =
        dept == 0 ? (rng.Chance(150) ? county.market[0]
                                     : county.market[1 + rng.Index(county.market.size() - 1)])
                  : county.partner[dept - 1];

    char code[32];
    std::snprintf(code, sizeof code, "ZF%08lld", static_cast<long long>(i + 1));
    line.assign(code);
    line += ',';
    synth::AppendPersonName(rng, &line);
    line += ',' + department.code + ',' + unit.code + ',' + std::to_string(county.code) + ',';

    // Expiry: mostly within the next five years, ~6 % lapsed; issued five years before expiry.
    const core::Date expiry =
        rng.Chance(60) ? options.today.AddDays(-static_cast<int32_t>(1 + rng.Below(365)))
                       : options.today.AddDays(static_cast<int32_t>(30 + rng.Below(5 * 365 - 30)));
    const int issued = std::min(expiry.year() - 5, options.today.year());
    char cert[32];
    std::snprintf(cert, sizeof cert, "%d%d%04d", county.code, issued, ++county.serial);
    line += cert;
    line += ',' + expiry.ToString() + ',';

    const std::vector<std::string>& quals = synth::QualificationTagsOf(department.code);
    std::vector<std::string> held;
    for (size_t q = 0; q < quals.size(); ++q) {
      if (rng.Chance(q == 0 ? 880 : dept == 0 ? 300 : 400)) held.push_back(quals[q]);
    }
    if (held.empty()) held.push_back(quals[rng.Index(quals.size())]);
    std::sort(held.begin(), held.end());
    for (size_t q = 0; q < held.size(); ++q) {
      if (q > 0) line += ';';
      line += held[q];
    }
    line += rng.Chance(100) ? ",true" : ",false";
    line += rng.Chance(80) ? ",true," : ",false,";
    line += core::WireName(kInspectorStatuses[status_pick.Pick(rng)]);
    line += '\n';
    out.Write(line);
  }
  return out.Close();
}

std::vector<core::Unit> MarketStationsOf(int32_t county) {
  synth::CountyNames names;
  if (!synth::NamesOfCounty(county, &names)) return {};
  std::vector<core::Unit> out;
  out.push_back({std::to_string(county) + "-JU", names.display + "市场监督管理局", "SCJG", county});
  for (synth::Station& s : synth::StationsOf(county)) {
    out.push_back({std::move(s.code), std::move(s.name), "SCJG", county});
  }
  return out;
}

std::vector<core::Unit> PartnerUnitsOf(int32_t county) {
  synth::CountyNames names;
  if (!synth::NamesOfCounty(county, &names)) return {};
  std::vector<core::Unit> out;
  for (const PartnerSpec& p : kPartners) {
    out.push_back({std::to_string(county) + "-" + std::string(p.code),
                   names.display + std::string(p.unit_suffix), std::string(p.code), county});
  }
  return out;
}

std::vector<core::Department> DemoDepartments() {
  return {{"SCJG", "湘潭市市场监督管理局", true},  {"XFJY", "湘潭市消防救援支队", false},
          {"WSJK", "湘潭市卫生健康委员会", false}, {"JY", "湘潭市教育局", false},
          {"SW", "湘潭市商务局", false},           {"YJGL", "湘潭市应急管理局", false}};
}

std::vector<std::string> RegulatoryTags() {
  return std::vector<std::string>(std::begin(kTagNames), std::end(kTagNames));
}

}  // namespace sunlit::app
