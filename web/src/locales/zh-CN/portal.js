// zh-CN: messages of the portal area, under the top-level key 'portal'.
export default {};
