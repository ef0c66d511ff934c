// zh-CN: messages of the console area, under the top-level key 'console'.
export default {};
