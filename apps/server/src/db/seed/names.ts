// Common Chinese surnames and given-name characters for realistic demo people.
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
export const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉玲建国红燕文斌欣宇浩然子涵梓轩雨晨思远嘉怡俊杰晓东佳琪一鸣若曦天佑志强海峰春梅冬雪梦瑶诗琪博文'.split(
    '',
  );
/** Region codes of ID numbers by city. */
export const CITY_CODES: Record<string, string> = {
  上海: '310101',
  杭州: '330106',
  南京: '320102',
  广州: '440103',
  深圳: '440305',
  北京: '110105',
  天津: '120101',
};
